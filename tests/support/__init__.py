"""What the tests build on: the small world (world.py), people (people.py), objects made to
measure per area, and the role × URL matrix's row type (url_matrix.py)."""
