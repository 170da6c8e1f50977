"""Standard operating procedures: step templates, their TOML loader and the per-service checklist.

A procedure is the checklist a teller works through for one business type (identity check,
counting cash, supervisor authorisation, customer signature, ...). The package's parts:

- :mod:`.values`: money amounts and resident identity numbers as a teller types them;
- :mod:`.model`: the template model (procedure, step, capture, authorisation);
- :mod:`.datafile`: problems with file and line, shared by both TOML loaders;
- :mod:`.loader`: procedure templates from TOML files and directories;
- :mod:`.catalogue`: the business-type catalogue (``business_types.toml``);
- :mod:`.checklist`: the pure runtime checklist of one service.

The names below are re-exported so that ``from counterdesk.core.procedures import X`` keeps
working for every public name the single module used to hold.
"""

from __future__ import annotations

from counterdesk.core.procedures.catalogue import load_catalogue, parse_catalogue
from counterdesk.core.procedures.checklist import Checklist, FinishVerdict, StepRecord
from counterdesk.core.procedures.datafile import (
    CatalogueError,
    DataFileError,
    Problem,
    ProcedureError,
)
from counterdesk.core.procedures.loader import (
    check_files,
    load_directory,
    load_procedure,
    parse_procedure,
    procedure_files,
)
from counterdesk.core.procedures.model import (
    Authorisation,
    Capture,
    CaptureType,
    Choice,
    FinishRule,
    Procedure,
    Step,
)
from counterdesk.core.procedures.values import (
    format_amount,
    id_check_char,
    minor_digits,
    parse_amount,
    parse_id_number,
)

__all__ = [
    "Authorisation",
    "Capture",
    "CaptureType",
    "CatalogueError",
    "Checklist",
    "Choice",
    "DataFileError",
    "FinishRule",
    "FinishVerdict",
    "Problem",
    "Procedure",
    "ProcedureError",
    "Step",
    "StepRecord",
    "check_files",
    "format_amount",
    "id_check_char",
    "load_catalogue",
    "load_directory",
    "load_procedure",
    "minor_digits",
    "parse_amount",
    "parse_catalogue",
    "parse_id_number",
    "parse_procedure",
    "procedure_files",
]
