-- One row per fact in the record of the organisation, outlet or person $entity_id (its type, kind or media type,
-- country, founding and closing dates, website, ...), each with its source: the record's, or, for a value fused from
-- another layer (model/attributes.sql), that layer's; unknown facts have no row.
-- params: $entity_id
with records as (
    select
        'organisation' as "type", organisations.name, organisations.local_name as "local name",
        organisations.kind, null as "media type", null as periodicity, organisations.country, null as "language",
        organisations.founded, organisations.dissolved as "closed", organisations.website, organisations.layer,
        organisations.source_id
    from organisations
    where organisations.org_id = $entity_id
    union all
    select
        'outlet', outlets.name, outlets.local_name, null, outlets.media_type, outlets.periodicity, outlets.country,
        outlets.language, outlets.founded, outlets.closed, outlets.website, outlets.layer, outlets.source_id
    from outlets
    where outlets.outlet_id = $entity_id
    union all
    select
        'person', people.name, null, null, null, null, people.country, null, null, null, null, people.layer,
        people.source_id
    from people
    where people.person_id = $entity_id
),

facts as (
    unpivot records
    on columns(* exclude (source_id))
    into name fact value value
),

fused as (
    select
        replace(replace(attribute_values.attribute, '_', ' '), 'dissolved', 'closed') as fact,
        attribute_values.source_id,
        attribute_values.layer
    from attribute_values
    where attribute_values.entity_id = $entity_id and attribute_values.chosen
),

final as (
    select
        facts.fact,
        coalesce(countries.name || ' (' || countries.code || ')', facts.value) as value,
        coalesce(fused.source_id, facts.source_id) as source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url
    from facts
    left join fused on fused.fact = facts.fact
    left join countries on facts.fact = 'country' and countries.code = facts.value
    left join sources on sources.source_id = coalesce(fused.source_id, facts.source_id)
)

select * from final
order by list_position(
    ['type', 'name', 'local name', 'kind', 'media type', 'periodicity', 'country', 'language', 'founded', 'closed',
        'website', 'layer'],
    fact
)
