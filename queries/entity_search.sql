-- One row per organisation, outlet or person whose name or alias matches $q (ignoring case and accents).
-- params: $q
with final as (
    select entities.entity_id, entities.entity_type, entities.name, entities.country
    from entities
    where coalesce($q, '') <> '' and contains(entities.search_text, fold($q))
)

select * from final
order by name, entity_id
