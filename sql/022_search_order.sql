-- 022_search_order.sql: words found newest first through their index (doc/architecture.md,
-- Search). The bigram indexes of 011 give every row holding a word's bigrams, in the
-- order rows are stored, so a common word cost the whole of its postings and a capped
-- read gave the oldest matches, not the newest. Here each table is cut into buckets of
-- 16384 rows in the order they were made, and each bigram is indexed with its bucket:
-- search walks the buckets from the newest and reads, in each, only that bucket's
-- postings, stopping when it has enough.
--
-- A ticket's and a complaint's order is a new identity column: new rows are numbered as
-- they are made; existing rows in the order the table stores them, close to the order
-- they were registered (a row updated since may have moved; the hits are ranked by
-- creation time after, so such a row is only looked for a bucket later). A customer's
-- order is its id. The two functions stay here, beside the indexes built on
-- them, as text_bigrams stays in 011: an index must never see its function change.

ALTER TABLE tickets ADD COLUMN made bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME ticket_order);
ALTER TABLE complaints ADD COLUMN made bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME complaint_order);

-- The bucket of the row made n-th.
CREATE FUNCTION search_bucket(n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT n >> 14
$$;

-- The bigrams of s (text_bigrams), each as 'bucket:bigram'. For a row: what its index
-- holds; for a searched text and a bucket: what a row of that bucket must hold. A
-- standard SQL body, so that it depends on text_bigrams as its indexes depend on it.
CREATE FUNCTION search_bucket_grams(s text, bucket bigint) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(array_agg(bucket || ':' || g), '{}') FROM unnest(text_bigrams(s)) AS g;
END;

-- Without GIN's pending list (fastupdate): every scan reads the whole list, and a search
-- that probes dozens of buckets read it dozens of times (36 ms a name search in
-- `make bench` after 40,000 registrations, against 6 before them). A registration pays
-- its bigrams' index entries at once instead.
CREATE INDEX tickets_fault_buckets ON tickets
    USING gin (search_bucket_grams(fault, search_bucket(made))) WITH (fastupdate = off);
CREATE INDEX customers_address_buckets ON customers
    USING gin (search_bucket_grams(address, search_bucket(id))) WITH (fastupdate = off);
CREATE INDEX complaints_text_buckets ON complaints
    USING gin (search_bucket_grams(text, search_bucket(made))) WITH (fastupdate = off);
DROP INDEX tickets_fault_grams, customers_address_grams, complaints_text_grams;
