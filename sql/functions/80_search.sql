-- functions/80_search.sql: what the statements of `search` (server/search.c) call to
-- match words and cut snippets (doc/domain.md, Search). The bigrams its indexes are
-- built on, text_bigrams, are in sql/011_search.sql with the indexes.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run.

-- The words of a search as LIKE patterns (%word%, lower case, % _ \ taken literally):
-- a text matches when it holds every one.
CREATE OR REPLACE FUNCTION search_patterns(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg('%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_')
        || '%'), '{}')
    FROM regexp_split_to_table(lower(q), '\s+') AS w WHERE w <> ''
$$;

-- At most width characters of t around the first place `word` occurs (the start when it
-- does not), with an ellipsis where text was cut.
CREATE OR REPLACE FUNCTION search_snippet(t text, word text, width int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(t) <= width THEN t ELSE
        CASE WHEN s > 1 THEN '…' ELSE '' END || substr(t, s, width) ||
        CASE WHEN s + width <= char_length(t) THEN '…' ELSE '' END END
    FROM (SELECT greatest(1, least(coalesce(strpos(lower(t), lower(word)), 0) - width / 4,
        char_length(t) - width + 1)) AS s) x
$$;
