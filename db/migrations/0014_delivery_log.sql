-- The delivery log: what tenkai handed to a mail server or wrote to a shared folder, append-only
-- like the export log. A row is never changed: each attempt is a 'sending' row, written (and
-- synced) before the network step, and each status change after it is a new row pointing at that
-- attempt ('ok', 'failed', or 'unknown' when a process was killed between the two). A failure found
-- before any network step (an attachment over the size limit, a missing password) is one 'failed'
-- row of its own. The status of a delivery (report, period, channel, purpose) is its newest row.
CREATE TABLE delivery_log (
    id         INTEGER PRIMARY KEY,
    -- The 'sending' row this row reports on; NULL for a 'sending' row and for a failure found
    -- before any attempt.
    attempt    INTEGER REFERENCES delivery_log (id),
    report     TEXT NOT NULL,
    period     TEXT NOT NULL,
    -- The channel's name in the definition's [delivery], and its kind.
    channel    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('mail', 'folder')),
    -- 'report': the scheduled report; 'correction': an errata sheet sent as a correction notice.
    purpose    TEXT NOT NULL CHECK (purpose IN ('report', 'correction')),
    -- To and Cc of a mail (To: a, b; Cc: c), or the folder of a folder channel.
    recipients TEXT NOT NULL,
    -- The mail's Message-ID, or the folder channel's paths (one a line).
    message_id TEXT,
    status     TEXT NOT NULL CHECK (status IN ('sending', 'ok', 'failed', 'unknown')),
    error      TEXT,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX delivery_log_by_key ON delivery_log (report, period, channel, purpose, id);

-- The files an attempt carries: the export each was (NULL for an errata sheet made for the
-- notice), the name it was sent or written under, its size and SHA-256.
CREATE TABLE delivery_attachment (
    delivery_id INTEGER NOT NULL REFERENCES delivery_log (id),
    export_id   INTEGER REFERENCES export_log (id),
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT NOT NULL
) STRICT;
CREATE INDEX delivery_attachment_by_delivery ON delivery_attachment (delivery_id);

CREATE TRIGGER delivery_log_no_update BEFORE UPDATE ON delivery_log
BEGIN
    SELECT RAISE(ABORT, 'delivery_log is append-only: a status change is a new row');
END;
CREATE TRIGGER delivery_log_no_delete BEFORE DELETE ON delivery_log
BEGIN
    SELECT RAISE(ABORT, 'delivery_log is append-only: a row records a delivery and is never deleted');
END;
CREATE TRIGGER delivery_attachment_no_update BEFORE UPDATE ON delivery_attachment
BEGIN
    SELECT RAISE(ABORT, 'delivery_attachment is append-only: it records what a delivery carried');
END;
CREATE TRIGGER delivery_attachment_no_delete BEFORE DELETE ON delivery_attachment
BEGIN
    SELECT RAISE(ABORT, 'delivery_attachment is append-only: it records what a delivery carried');
END;

-- Where each channel's deliveries start: the newest period due when a run first found the
-- channel, so that adding a [delivery] to a report sent for years does not mail every past
-- period. Set once; earlier periods stay as they were sent.
CREATE TABLE delivery_start (
    report       TEXT NOT NULL,
    channel      TEXT NOT NULL,
    first_period TEXT NOT NULL,
    set_at       TEXT NOT NULL,
    PRIMARY KEY (report, channel)
) STRICT;
