-- Batches and their items. One set of statements for PostgreSQL and the embedded H2 (run in its PostgreSQL mode):
-- plain types only, every time as epoch milliseconds (BIGINT), no dialect's own features.

CREATE TABLE precis_batches (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    owner             VARCHAR(200)  NOT NULL,
    idempotency_key   VARCHAR(255),
    body_sha256       VARCHAR(64)   NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    total             INTEGER       NOT NULL,
    succeeded         INTEGER       NOT NULL DEFAULT 0,
    failed            INTEGER       NOT NULL DEFAULT 0,
    cancelled         INTEGER       NOT NULL DEFAULT 0,
    llm_calls         BIGINT        NOT NULL DEFAULT 0,
    input_tokens      BIGINT        NOT NULL DEFAULT 0,
    output_tokens     BIGINT        NOT NULL DEFAULT 0,
    callback_url      VARCHAR(2048),
    metadata          TEXT,
    created_at        BIGINT        NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT,
    turn_at           BIGINT        NOT NULL,
    callback_state    VARCHAR(16),
    callback_attempts INTEGER       NOT NULL DEFAULT 0,
    callback_due_at   BIGINT
);

-- a retried submission finds its batch; NULL keys never collide
CREATE UNIQUE INDEX precis_batches_idempotency ON precis_batches (owner, idempotency_key);
CREATE INDEX precis_batches_owner ON precis_batches (owner, created_at);
CREATE INDEX precis_batches_status ON precis_batches (status, turn_at);
CREATE INDEX precis_batches_finished ON precis_batches (finished_at);
CREATE INDEX precis_batches_callback ON precis_batches (callback_state, callback_due_at);

CREATE TABLE precis_batch_items (
    batch_id     VARCHAR(40)  NOT NULL,
    line         INTEGER      NOT NULL,
    item_id      VARCHAR(1000),
    request      TEXT         NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    waits        INTEGER      NOT NULL DEFAULT 0,
    due_at       BIGINT,
    lease_token  BIGINT,
    result       TEXT,
    finished_at  BIGINT,
    PRIMARY KEY (batch_id, line)
);

-- the next items to work on, in order: queued ones by when they are due, expired leases likewise
CREATE INDEX precis_batch_items_ready ON precis_batch_items (batch_id, state, due_at, line);
CREATE INDEX precis_batch_items_state ON precis_batch_items (state, due_at);
