"""Reading and writing the outside formats: one module per format (sheets, workbooks, the notice)."""
