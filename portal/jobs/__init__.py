"""Background work on a job queue kept in PostgreSQL (procrastinate): sending mail, digests,
deadline reminders, housekeeping. ``portal serve`` runs a worker in-process with the embedded
database; in production ``portal worker`` runs as many separate workers as wanted."""
