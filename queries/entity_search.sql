-- One row per organisation, outlet or person whose name or alias matches $q (ignoring case and accents), the
-- likeliest first: a name that begins with $q, then one that holds it, then a match on an alias or local name only
-- (the search text begins with the folded name); organisations and people before outlets, then by name. `matches`
-- is how many rows match in all, so a finder that lists the first few says how many there are from the same scan of
-- the million names (a count would scan them again); counted apart from the rows, not as a window over them, which
-- would run on one thread. Read from the entities stored in the order of this one's last keys (entities_by_name).
-- params: $q
with found as (
    select
        entities.entity_id,
        entities.entity_type,
        entities.name,
        entities.country,
        strpos(entities.search_text, fold($q)) as match_at,
        length(entities.name) as name_length
    from entities_by_name as entities
    where coalesce($q, '') <> '' and contains(entities.search_text, fold($q))
)

select entity_id, entity_type, name, country, counted.matches
from found, (select count(*) as matches from found) as counted
order by
    match_at > 1,
    match_at > name_length,
    entity_type = 'outlet',
    name,
    entity_id
