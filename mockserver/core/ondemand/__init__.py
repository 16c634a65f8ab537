"""On-demand API Tasks: deployments, their runs on the mock's clock, the activity list, licence
limits and callbacks."""

from mockserver.core.ondemand.model import (
    ActivityPage,
    Callback,
    Deployment,
    DeployRequest,
    Execution,
    ExecutionView,
    ManageResult,
    Status,
)
from mockserver.core.ondemand.service import OnDemandService

__all__ = [
    "ActivityPage",
    "Callback",
    "DeployRequest",
    "Deployment",
    "Execution",
    "ExecutionView",
    "ManageResult",
    "OnDemandService",
    "Status",
]
