"""The files behind the world's documents."""

# A tiny valid PDF: the world's documents are real files, served through the download view.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WORLD_FILE = "private/documents/world/draaiboek.pdf"
