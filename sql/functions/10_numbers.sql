-- functions/10_numbers.sql: the year's running counts behind ticket, receipt and
-- complaint numbers.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- The next value of a counting sequence, made the first time it is needed. A counter
-- row would serialise every registration on its lock until commit; a sequence does not
-- (a failed registration may leave a gap in the numbers, never a duplicate). The
-- sequences' names are kept as the counts below first made them: a new name would
-- start the year's count again.
CREATE OR REPLACE FUNCTION next_in_sequence(seq text) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass(seq) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;   -- made by a concurrent caller
        END;
    END IF;
    RETURN nextval(seq);
END
$$;

-- The year's running count per ticket type, for numbers like B2611240042.
CREATE OR REPLACE FUNCTION ticket_count(type char, year int) RETURNS bigint
LANGUAGE sql AS $$
    SELECT next_in_sequence(format('ticket_count_%s_%s', lower(type), year))
$$;

-- The year's running count of take-back receipts (R + YYMMDD + count).
CREATE OR REPLACE FUNCTION receipt_count(year int) RETURNS bigint
LANGUAGE sql AS $$
    SELECT next_in_sequence(format('receipt_count_%s', year))
$$;

-- The year's running count of a kind of number (complaint, ...).
CREATE OR REPLACE FUNCTION yearly_count(kind text, year int) RETURNS bigint
LANGUAGE sql AS $$
    SELECT next_in_sequence(format('%s_count_%s', kind, year))
$$;

-- YYMMDD then the year's running count, at least 3 digits: 261124007 (seed 004 4.2.2.2).
CREATE OR REPLACE FUNCTION complaint_number() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT to_char(now(), 'YYMMDD') || lpad(n::text, greatest(3, length(n::text)), '0')
    FROM yearly_count('complaint', extract(year FROM now())::int) AS n
$$;
