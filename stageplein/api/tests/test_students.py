"""A school system syncs its students: list, bulk create/update with the import's rules (all or
nothing, idempotent by student number), mark as left; never another school's students."""

from stageplein.students.models import Student

ROW = {
    "student_number": "3001",
    "first_name": "Noor",
    "last_name": "Visser",
    "date_of_birth": "2012-03-14",
    "level": "havo",
    "year": "2",
    "class_name": "2H1",
    "postcode": "7201 AB",
}


def bulk(client, rows, **extra):
    return client.post("/api/v1/students/bulk/", {"students": rows, **extra}, format="json")


def test_new_students_are_created_and_the_same_rows_again_change_nothing(world, system):
    client = system("school")
    first = bulk(client, [ROW, {**ROW, "student_number": "3002", "first_name": "Bram"}])
    assert first.status_code == 200, first.json()
    assert first.json() == {
        "applied": True,
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "returned": 0,
        "guardians_added": 0,
    }
    again = bulk(client, [ROW, {**ROW, "student_number": "3002", "first_name": "Bram"}])
    assert again.json()["unchanged"] == 2 and again.json()["new"] == 0
    assert Student.objects.filter(school=world.school, student_number="3001").count() == 1


def test_an_update_by_student_number_changes_the_class(world, system):
    client = system("school")
    bulk(client, [ROW])
    response = bulk(client, [{**ROW, "class_name": "3H2", "year": "3"}])
    assert response.json()["updated"] == 1
    assert Student.objects.get(student_number="3001").class_name == "3H2"


def test_students_left_out_are_not_marked_as_left(world, system):
    bulk(system("school"), [ROW])
    world.classmate.refresh_from_db()
    assert world.classmate.left_on is None


def test_one_bad_row_writes_nothing_and_points_at_the_row(world, system):
    response = bulk(system("school"), [ROW, {**ROW, "student_number": "3002", "level": "kleuter"}])
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["pointer"] == "/students/1/level"
    assert not Student.objects.filter(student_number__in=["3001", "3002"]).exists()


def test_a_dry_run_reports_without_writing(world, system):
    response = bulk(system("school"), [ROW], dry_run=True)
    assert response.json()["applied"] is False and response.json()["new"] == 1
    assert not Student.objects.filter(student_number="3001").exists()


def test_another_schools_client_writes_only_into_its_own_school(world, system):
    response = bulk(system("other_school"), [{**ROW, "student_number": "1001"}])
    assert response.status_code in (200, 422)
    world.student.refresh_from_db()
    assert world.student.user.first_name == "Sam"  # the first school's 1001 is untouched
    response = bulk(system("other_school"), [ROW], school=world.school.brin)
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/school"


def test_a_broker_client_may_not_write_students(world, system):
    response = bulk(system("broker", scopes=["students:read"]), [ROW])
    assert response.status_code == 403


def test_marking_a_student_as_left_keeps_the_first_date(world, system):
    client = system("school")
    url = f"/api/v1/students/{world.student.pk}/leave/"
    assert client.post(url, {"left_on": "2026-06-30"}, format="json").json()["left_on"] == (
        "2026-06-30"
    )
    assert client.post(url, {"left_on": "2026-07-15"}, format="json").json()["left_on"] == (
        "2026-06-30"
    )


def test_another_school_cannot_mark_our_student_as_left(world, system):
    url = f"/api/v1/students/{world.student.pk}/leave/"
    assert system("other_school").post(url, {}, format="json").status_code == 404
    world.student.refresh_from_db()
    assert world.student.left_on is None


def test_a_list_polled_again_unchanged_answers_304(world, system):
    client = system("school")
    first = client.get("/api/v1/students/")
    etag = first["ETag"]
    assert client.get("/api/v1/students/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    bulk(client, [ROW])
    assert client.get("/api/v1/students/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_list_is_walked_page_by_page_with_cursors(world, system):
    client = system("school")
    bulk(client, [{**ROW, "student_number": str(4000 + i)} for i in range(5)])
    seen, url = [], "/api/v1/students/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [s["student_number"] for s in page["results"]]
        url = page["next"]
    assert len(seen) == 7 and len(set(seen)) == 7


def test_filters_narrow_the_list(world, system):
    response = system("school").get("/api/v1/students/", {"student_number": "1002"})
    assert [s["first_name"] for s in response.json()["results"]] == ["Lotte"]
