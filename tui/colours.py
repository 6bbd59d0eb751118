"""Colours that stay apart in a 16-colour terminal (the status board, the overdue view).

These are the bright colours of the standard 16-colour palette as RGB: a terminal of 16 colours
gets exactly them (the nearest standard colour of each is itself), a truecolor one the same.
Named ANSI colours would be mapped through the theme to RGB first and then back to the nearest
standard colour, which put yellow on red and red on magenta in the default theme.
"""

GREEN = "#55ff55"
YELLOW = "#ffff55"
CYAN = "#55ffff"
MAGENTA = "#ff55ff"
RED = "#ff5555"
