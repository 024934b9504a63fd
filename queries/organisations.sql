-- One row per organisation matching the filters, with how many outlets it controls (as their group) on $as_of.
-- params: $countries, $as_of, $q
with controlled as (
    select group_sizes.group_id, group_sizes.outlets as outlets_controlled from group_sizes_as_of($as_of) as group_sizes
),

-- The names and aliases that $q searches; with no $q nothing is read (the condition folds to false). Organisations
-- lie together in entities, so the other row groups are skipped.
searched as (
    select entities.entity_id, entities.search_text
    from entities
    where coalesce($q, '') <> '' and entities.entity_type = 'organisation'
),

final as (
    select
        organisations.org_id,
        organisations.name,
        organisations.local_name,
        organisations.kind,
        organisations.country,
        countries.name as country_name,
        organisations.founded,
        organisations.dissolved,
        organisations.website,
        coalesce(controlled.outlets_controlled, 0) as outlets_controlled,
        organisations.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        organisations.layer
    from organisations
    left join searched on searched.entity_id = organisations.org_id
    left join controlled on controlled.group_id = organisations.org_id
    left join countries on countries.code = organisations.country
    left join sources on sources.source_id = organisations.source_id
    where (len($countries::varchar[]) = 0 or organisations.country = any($countries::varchar[]))
        and (coalesce($q, '') = '' or searched.search_text like '%' || normalise_text($q) || '%')
)

select * from final
order by outlets_controlled desc, name, org_id
