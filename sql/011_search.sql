-- 011_search.sql: one form for every phone, and what `search` reads (doc/domain.md,
-- Phones and Search; the choice of index and its measurements in doc/architecture.md,
-- Search). Filled and read by server/search.c, server/customer.c, server/call.c; the
-- functions its statements call are in sql/functions/80_search.sql. The two functions
-- below stay here, as visit_satisfied in 007: this migration's own statements need them
-- (the data fix; the indexes are on text_bigrams, and changing it means rebuilding
-- them, a migration of its own).

-- ---- Phones: one canonical form (common/phone.c, the rule). The daemon normalises every
-- phone on the way in from now on; the ones stored before were digits with an optional
-- leading '+' (the old check), so this copy of the rule needs only that part of it:
-- +86 / 0086 / 86 and eleven digits dropped (a landline given with its country code gets
-- its trunk 0 back), 00 and another country's code written +. A result the rule would
-- refuse leaves the phone as it was. tests/integration/test_search.c holds this copy
-- equal to common/phone.c over every stored form.
CREATE FUNCTION phone_canonical(p text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN c ~ '^\+?[0-9]{7,20}$' THEN c ELSE p END
    FROM (SELECT CASE
            WHEN n IS NULL AND p ~ '^00' THEN '+' || substr(p, 3)
            WHEN n IS NULL THEN p
            WHEN n ~ '^0' OR (n ~ '^1' AND length(n) = 11)
                OR (length(n) = 10 AND n ~ '^(400|800)') THEN n
            ELSE '0' || n END AS c
        FROM (SELECT CASE WHEN p ~ '^\+86' THEN substr(p, 4)
                          WHEN p ~ '^0086' THEN substr(p, 5)
                          WHEN p ~ '^861[0-9]{10}$' THEN substr(p, 3) END AS n) x) y
$$;

-- Each phone once, in the order the file had them.
UPDATE customers c SET phones = n.phones
FROM (SELECT id, ARRAY(SELECT p FROM (SELECT phone_canonical(x) AS p, min(i) AS first
        FROM unnest(cu.phones) WITH ORDINALITY AS u (x, i) GROUP BY 1) s
        ORDER BY first) AS phones
      FROM customers cu) n
WHERE n.id = c.id AND n.phones <> c.phones;

-- ---- Text: the character bigrams of every word, for a GIN index that finds a name from
-- two Chinese characters (pg_trgm needs three characters inside a word to use its index:
-- doc/architecture.md, Search). Lower case; words are split at blanks; a word of one
-- character gives none.
CREATE FUNCTION text_bigrams(s text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(w, i, 2)), '{}')
    FROM regexp_split_to_table(lower(s), '\s+') AS w, generate_series(1, char_length(w) - 1) AS i
$$;

CREATE INDEX customers_name_grams ON customers USING gin (text_bigrams(name));
CREATE INDEX customers_address_grams ON customers USING gin (text_bigrams(address));
CREATE INDEX tickets_fault_grams ON tickets USING gin (text_bigrams(fault));
CREATE INDEX complaints_text_grams ON complaints USING gin (text_bigrams(text));
-- A serial as the operator reads it off the label, in whatever case.
CREATE INDEX units_serial_upper ON units (upper(serial));
-- A technician's own tickets, newest first.
CREATE INDEX tickets_technician_created ON tickets (technician, created_at)
    WHERE technician IS NOT NULL;
