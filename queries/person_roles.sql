-- One row per role the person $entity_id holds or held at an organisation or outlet, with the dates and the source.
-- params: $entity_id
with final as (
    select
        roles.entity_id,
        entity.name as entity_name,
        entity.entity_type,
        roles.role,
        roles.start_date,
        roles.end_date,
        roles.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from roles
    join entities as entity on entity.entity_id = roles.entity_id
    left join sources on sources.source_id = roles.source_id
    where roles.person_id = $entity_id
)

select * from final
order by start_date nulls first, entity_name, role
