"""Test support shared by the apps' tests and the browser tests; never shipped in the wheel."""
