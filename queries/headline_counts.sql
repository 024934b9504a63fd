-- One row: how many outlets, organisations, people, ownership links, partnerships, sources and countries the
-- atlas holds on $as_of.
-- params: $as_of
select
    (select coalesce(sum(counts.outlets), 0)::bigint from outlet_counts_as_of($as_of) as counts) as outlets,
    (select count(*) from organisations) as organisations,
    (select count(*) from people) as people,
    (select coalesce(sum(counts.interests), 0)::bigint from interest_counts_as_of($as_of) as counts) as ownership_links,
    (select count(*) from partnerships) as partnerships,
    (select count(*) from sources) as sources,
    (select count(distinct country) from outlets) as countries
