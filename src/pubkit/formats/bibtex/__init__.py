"""BibTeX and BibLaTeX: reading and writing."""
