"""Renderers shared by every printed or exported form: fonts and PDF pages (fpdf2), xlsx
(openpyxl), aligned text (tabulate + wcwidth), and safe writing of the files."""
