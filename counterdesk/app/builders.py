"""The one place that composes a counter desk and a kiosk service from an opened station.

The program, the benches and the tests all build their desks here, so they run the same
composition. Building does no I/O (the queue object is not connected yet): the caller runs the
start-up steps itself (``queue.open()``, ``desk.start_up()``), on the thread that will use the
connections (the program's worker).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from counterdesk.app.paths import resource
from counterdesk.app.station import Station, open_queue
from counterdesk.core.clock import Clock
from counterdesk.core.errors import Bilingual
from counterdesk.core.hours import OpeningHours
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.services.reference import PulledReference
from counterdesk.storage.reference import ReferenceCache
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from counterdesk.services.board import BoardReader
    from counterdesk.services.head_office import HeadOfficeSync
    from counterdesk.services.kiosk import KioskService
    from counterdesk.services.manager_signin import ManagerSignIn


def build_desk(
    station: Station,
    clock: Clock | None = None,
    *,
    queue: SqlQueue | None = None,
    library: ProcedureLibrary | None = None,
    rating_timeout: float = 30.0,
) -> CounterDesk:
    """Compose the configured counter's desk (step 6 of the start-up order); no recovery yet.

    Args:
        station: the opened journal, reference data and configuration (counter number,
            business types served, branch name).
        clock: the time source (default: the station's).
        queue: the queue to use (default: the configured one, built here, not connected).
        library: the procedures (default: ``resources/procedures``, read by the start-up step).
        rating_timeout: seconds before an unanswered rating prompt becomes "no rating".
    """
    config = station.config
    clock = clock or station.clock
    return CounterDesk(
        counter=config.counter_number,
        branch_name=config.branch_name,
        queue=queue if queue is not None else open_queue(config, station),
        uow=UnitOfWork(station.journal, clock),
        staff=StaffDirectory(station.journal, clock),
        catalogue=station.catalogue,
        library=library
        or ProcedureLibrary.read_when_used(
            resource("procedures"), station.catalogue, ReferenceCache(station.journal)
        ),
        policy=station.policy(config.counter_number),
        clock=clock,
        rating_timeout=rating_timeout,
        rating_reasons=PulledReference(
            ReferenceCache(station.journal), config.branch_code
        ).rating_reasons,
        own_month=ReferenceCache(station.journal).own_month,
    )


def build_kiosk(
    station: Station,
    local_zone: tzinfo | None = None,
    *,
    queue: SqlQueue | None = None,
    clock: Clock | None = None,
) -> KioskService:
    """Compose the kiosk's service from an opened station (``local_zone``: the machine's)."""
    from counterdesk.services.kiosk import KioskService

    config = station.config
    clock = clock or station.clock
    return KioskService(
        queue=queue if queue is not None else open_queue(config, station),
        catalogue=station.catalogue,
        staff=StaffDirectory(station.journal, clock),
        uow=UnitOfWork(station.journal, clock),
        clock=clock,
        branch_name=config.branch_name,
        hours=OpeningHours.parse(config.hours) if config.hours else None,
        local_zone=local_zone,
    )


def build_head_office(station: Station, clock: Clock | None = None) -> HeadOfficeSync:
    """Compose the running program's sync with head office (``[hq] url`` set); no I/O.

    The sync opens its own journal connections; the staff directory and the audit (the
    supervisor's dialog) use the station's journal, on the desk's worker.
    """
    from counterdesk import __version__
    from counterdesk.services.head_office import HeadOfficeSync
    from counterdesk.storage.counter_journal import CounterJournal
    from counterdesk.sync.tickets import QueueSource

    config = station.config
    clock = clock or station.clock
    return HeadOfficeSync(
        config.journal_file,
        url=config.hq_url,
        branch_code=config.branch_code,
        clock=clock,
        keep_days=config.keep_days,
        queue=QueueSource(config.queue_file, "" if config.queue_file else config.queue_url),
        known_types=station.catalogue.codes,
        catalogue=station.shipped_catalogue,
        data_dir=config.data_dir,
        program_version=__version__,
        staff=StaffDirectory(station.journal, clock),
        journal=CounterJournal(UnitOfWork(station.journal, clock)),
    )


def build_manager(
    station: Station, clock: Clock | None = None, *, queue: SqlQueue | None = None
) -> tuple[BoardReader, ManagerSignIn]:
    """Compose the manager's board reader and sign-in (no I/O; both run on the worker).

    The board reads the queue and this terminal's own journal (every counter's, when the
    queue lives in the journal file on a one-PC branch).
    """
    from counterdesk.services.board import BoardReader
    from counterdesk.services.manager_signin import ManagerSignIn
    from counterdesk.storage.counter_journal import CounterJournal

    config = station.config
    clock = clock or station.clock
    journal = CounterJournal(UnitOfWork(station.journal, clock))
    staff = StaffDirectory(station.journal, clock)

    def names() -> dict[str, str]:
        return {member.staff_no: member.name for member in staff.all()}

    reader = BoardReader(
        queue if queue is not None else open_queue(config, station),
        [journal],
        names,
        branch=config.branch_code,
        clock=clock,
    )
    return reader, ManagerSignIn(staff, journal)


def build_reports(
    station: Station, clock: Clock | None = None, *, queue: SqlQueue | None = None
) -> ReportSources:
    """Compose the manager's report sources (no I/O; the reports run on their own worker).

    ``local`` reads the days this PC still holds from the queue and this terminal's journal;
    ``hq`` (with ``[hq] url``) asks head office's database as the branch's role.
    """
    from counterdesk.services.local_kpis import LocalReportSource
    from counterdesk.services.reference import PulledReference
    from counterdesk.storage.counter_journal import CounterJournal
    from counterdesk.sync.hq_report import HqReportConnection

    config = station.config
    clock = clock or station.clock
    report_queue = queue if queue is not None else open_queue(config, station)
    journal = CounterJournal(UnitOfWork(station.journal, clock))
    staff = StaffDirectory(station.journal, clock)
    sources: dict[str, Callable[[], Any]] = {
        "local": lambda: LocalReportSource(report_queue, [journal], config.branch_code)
    }
    if config.hq_url:
        sources["hq"] = lambda: HqReportConnection(
            config.hq_url, config.branch_code, station.catalogue
        )

    def names() -> dict[str, str]:
        return {member.staff_no: member.name for member in staff.all()}

    def reasons() -> dict[str, Bilingual]:
        reference = PulledReference(ReferenceCache(station.journal), config.branch_code)
        return {r.code: Bilingual(r.text_en, r.text_zh) for r in reference.rating_reasons()}

    library = ProcedureLibrary.read_when_used(
        resource("procedures"), station.catalogue, ReferenceCache(station.journal)
    )

    def steps() -> dict[tuple[str, str], Bilingual]:
        return {
            (code, step.id): Bilingual(step.text_en, step.text_zh)
            for code, procedure in library.procedures.items()
            for step in procedure.steps
        }

    return ReportSources(sources, names, reasons, steps, report_queue)


@dataclass(frozen=True)
class ReportSources:
    """What the manager's reports read: a factory per source kind, staff and reason names.

    Attributes:
        sources: kind (``local``, ``hq``) → a new source for one report.
        names: staff number → name (on the reports' worker).
        reasons: rating reason code → name (on the reports' worker).
        steps: (business type, step id) → the step's text (on the reports' worker).
        queue: the queue the local source reads (closed on the reports' worker at exit).
    """

    sources: Mapping[str, Callable[[], Any]]
    names: Callable[[], Mapping[str, str]]
    reasons: Callable[[], Mapping[str, Bilingual]]
    steps: Callable[[], Mapping[tuple[str, str], Bilingual]]
    queue: SqlQueue
