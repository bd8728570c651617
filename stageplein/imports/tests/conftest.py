import pytest

from stageplein.core.schoolyear import current_school_year
from stageplein.imports.sample import magister_rows


@pytest.fixture
def rows():
    """Twelve students for the world's school (vmbo, havo and vwo; postcodes in Zutphen)."""
    return magister_rows(12, school_year=current_school_year())
