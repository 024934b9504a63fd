-- One row per fact about the entity $entity_id, with the source that states it.
-- params: $entity_id
-- Its interests in others and others' in it, both ends named. Each side is picked by a test of one column, which
-- DuckDB pushes into the scan of the links (skipping the row groups whose range of ids leaves the entity out) and
-- across the join, so its own name is one lookup; the schema allows no interest in itself, so no link is on both
-- sides. (A test of both columns at once would read every link and name both ends of each among all the entities.)
with interests as (
    select owner.name as owner_name, owned.name as owned_name, ownership.interest, ownership.share_min,
        ownership.share_max, ownership.start_date, ownership.end_date, ownership.source_id
    from ownership
    join entities as owner on owner.entity_id = ownership.owner_id
    join entities as owned on owned.entity_id = ownership.owned_id
    where ownership.owner_id = $entity_id
    union all
    select owner.name, owned.name, ownership.interest, ownership.share_min, ownership.share_max,
        ownership.start_date, ownership.end_date, ownership.source_id
    from ownership
    join entities as owner on owner.entity_id = ownership.owner_id
    join entities as owned on owned.entity_id = ownership.owned_id
    where ownership.owned_id = $entity_id
),

facts as (
    select 'record' as fact_kind, name || ' (' || entity_type || ')' as fact, source_id
    from (
        select org_id as entity_id, name, 'organisation' as entity_type, source_id from organisations
        union all select outlet_id, name, 'outlet', source_id from outlets
        union all select person_id, name, 'person', source_id from people
    )
    where entity_id = $entity_id

    union all
    select 'ownership', interests.owner_name || ' → ' || interests.owned_name || ' (' || interests.interest
        || coalesce(', ' || interests.share_min || '–' || interests.share_max || '%', '')
        || coalesce(', from ' || interests.start_date, ', since an unknown date') || coalesce(', until ' || interests.end_date, '')
        || ')',
        interests.source_id
    from interests

    union all
    select 'role', person.name || ': ' || roles.role || ', ' || entity.name, roles.source_id
    from roles
    join entities as person on person.entity_id = roles.person_id
    join entities as entity on entity.entity_id = roles.entity_id
    where $entity_id in (roles.person_id, roles.entity_id)

    union all
    select 'partnership', partnerships.title || coalesce(' (' || partnerships.signed_on || ')', ''), partnerships.source_id
    from partnerships
    join partnership_parties on partnership_parties.partnership_id = partnerships.partnership_id
    where partnership_parties.party_id = $entity_id
),

final as (
    select
        facts.fact_kind,
        facts.fact,
        facts.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_on as source_published_on
    from facts
    join sources on sources.source_id = facts.source_id
)

select * from final
order by fact_kind, fact
