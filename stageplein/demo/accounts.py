"""The README's demo accounts: one person per role, all with the same password."""

DEMO_PASSWORD = "demo-stageplein"  # published in the README on purpose
DEMO_DOMAIN = "stageplein.test"
FIXED_ACCOUNTS = {
    "student": f"leerling@{DEMO_DOMAIN}",
    "parent": f"ouder@{DEMO_DOMAIN}",
    "coordinator": f"coordinator@{DEMO_DOMAIN}",
    # The coordinator of the school no broker serves: runs the school's own round.
    "coordinator2": f"coordinator2@{DEMO_DOMAIN}",
    "mentor": f"mentor@{DEMO_DOMAIN}",
    "provider_contact": f"stagebieder@{DEMO_DOMAIN}",
    "supervisor": f"begeleider@{DEMO_DOMAIN}",
    "broker": f"makelaar@{DEMO_DOMAIN}",
    "municipality": f"gemeente@{DEMO_DOMAIN}",
    "national": f"landelijk@{DEMO_DOMAIN}",
    "admin": f"admin@{DEMO_DOMAIN}",
}
