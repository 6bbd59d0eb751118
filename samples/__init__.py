"""Sample workbooks for the quick start (`kiennghi demo`)."""
