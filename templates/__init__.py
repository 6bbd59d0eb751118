"""The .docx templates officers may edit in Word (see README.md here)."""
