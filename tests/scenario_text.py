"""Builds small scenario YAML documents for tests: a standard tenant plus the tasks under test."""

PREAMBLE = """\
name: under-test
roles:
  - {id: "1", name: AAE_Admin, grants: [manageAllocations, accessDetails, deployApiTasks]}
users:
  - {id: "9", username: admin, password: Admin#2024, roles: [AAE_Admin], multipleLoginAllowed: true}
  - {id: "380", username: jdoe, password: mypassword@123, roles: [AAE_Admin], multipleLoginAllowed: true}
tasks:
"""


def with_task(task_yaml: str, path: str = "Bots\\\\T", file_id: int = 7) -> str:
    """One allocated task at `path`; `task_yaml` is indented by four spaces."""
    return (
        PREAMBLE
        + f'  - fileId: {file_id}\n    path: "{path}"\n    allocation: {{concurrencyLimit: 5}}\n'
        + task_yaml
    )
