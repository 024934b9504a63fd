-- One row per person in a role at one of the entities $entity_ids, or per role of one of the people $person_ids, with
-- the dates and the source.
-- params: $entity_ids, $person_ids
with final as (
    select
        roles.person_id,
        person.name as person_name,
        roles.role,
        roles.entity_id,
        entity.name as entity_name,
        roles.start_date,
        roles.end_date,
        roles.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from roles
    join entities as person on person.entity_id = roles.person_id
    join entities as entity on entity.entity_id = roles.entity_id
    left join sources on sources.source_id = roles.source_id
    where list_contains($entity_ids::varchar[], roles.entity_id) or list_contains($person_ids::varchar[], roles.person_id)
)

select * from final
order by entity_name, person_name, role
