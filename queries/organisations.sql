-- One row per organisation matching the filters, with how many outlets it controls (as their group) on $as_of.
-- params: $countries, $as_of, $q
with controlled as (
    select group_id, count(*) as outlets_controlled
    from controlling_groups_as_of($as_of)
    group by group_id
),

-- The names and aliases that $q searches; with no $q nothing is read (the condition folds to false).
searched as (
    select entities.entity_id, entities.search_text from entities where coalesce($q, '') <> ''
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
    where (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], organisations.country))
        and (coalesce($q, '') = '' or searched.search_text like '%' || normalise_text($q) || '%')
)

select * from final
order by outlets_controlled desc, name, org_id
