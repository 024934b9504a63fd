-- One row per ownership link that holds on $as_of on the chain above an outlet matching the filters: who owns
-- whom, the kind of interest, the shares and the source. `set_aside` marks a link the model sets aside (another
-- layer's claim about an entity the curated layer covers: curated wins) or one that is above the outlets only
-- through such a link; charts hide them unless asked.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- Ordered so that any first N rows make a readable network: the links not set aside before the others; in each,
-- links between organisations (the structure) first, then up to 5 outlets of each owner, owners with the most links
-- first, then the rest.
with recursive matching_outlets as (
    select outlets.outlet_id, outlets.name, outlets.country, outlets.media_type
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of)
),

into_outlets as (
    select links.*
    from interests_as_of($as_of) as links
    semi join matching_outlets on matching_outlets.outlet_id = links.owned_id
),

-- Not materialised: the walk reads two columns of it, the links picked below all of them for a few hundred rows.
links_among_holders as not materialized (
    select * from interests_into_holders_as_of($as_of)
),

-- Every owner above the matching outlets, by its number among the holders: their owners, then up through the links
-- among holders (a tenth of all links); union (not union all) stops at a cycle.
owners_above(holder_no) as (
    select holders.holder_no
    from interest_holders as holders
    semi join into_outlets on into_outlets.owner_id = holders.entity_id
    union
    select links.owner_no
    from owners_above
    join links_among_holders as links on links.owned_no = owners_above.holder_no
),

-- The links into the matching outlets and into the owners above them.
links as materialized (
    select * from into_outlets
    union all
    select links.* exclude (owner_no, owned_no)
    from links_among_holders as links
    -- Through a list, whose single row DuckDB can estimate: from the walk's unknown size it hashed the 255k links at
    -- a million outlets, not the few hundred owners.
    semi join (select unnest(list(owners_above.holder_no)) as holder_no from owners_above) as owners
        on owners.holder_no = links.owned_no
    anti join matching_outlets on matching_outlets.outlet_id = links.owned_id
),

-- The matching outlets and every owner above them through the links that are not set aside (another layer's claim
-- about an entity the curated layer covers: curated wins).
counted_above(entity_id) as (
    select outlet_id from matching_outlets
    union
    select links.owner_id
    from counted_above
    join links on links.owned_id = counted_above.entity_id
    where links.layer = 'curated' or links.owned_id not in (select owned_id from curated_claims)
),

marked as (
    select
        links.*,
        links.owned_id not in (select entity_id from counted_above)
            or (links.layer <> 'curated' and links.owned_id in (select owned_id from curated_claims)) as set_aside
    from links
),

-- Both ends' names: the outlets' from their rows, the owners' (every owner above) from the holders.
named as (
    select matching_outlets.outlet_id as entity_id, matching_outlets.name, 'outlet' as entity_type,
        matching_outlets.country, matching_outlets.media_type
    from matching_outlets
    union
    select holders.* exclude (holder_no)
    from interest_holders as holders
    semi join (select unnest(list(owners_above.holder_no)) as holder_no from owners_above) as owners
        on owners.holder_no = holders.holder_no
),

-- Ranked before the owners and sources are named: a window holds every column it is given in memory, and at a
-- million outlets these names made the unfiltered network spill twice as much.
-- Every column of a link is in the rank's order, so two claims about one pair rank the same on every run.
ranked as (
    select
        links.*,
        owned.name as owned_name,
        owned.entity_type as owned_type,
        owned.country as owned_country,
        owned.media_type as owned_media_type,
        count(*) over (partition by links.owner_id, links.set_aside) as owner_links,
        -- The outlets of one media type and country the owner holds in the view: a chart draws a large fan as one node.
        count(*) over (
            partition by links.owner_id, links.set_aside, owned.entity_type, owned.media_type, owned.country
        ) as owner_fan,
        row_number() over (
            partition by links.owner_id, links.set_aside
            order by owned.name, links.owned_id, links.interest, links.start_date, links.end_date, links.share_min,
                links.share_max, links.source_id
        ) as rank_in_owner
    from marked as links
    left join named as owned on owned.entity_id = links.owned_id
),

final as (
    select
        ranked.owner_id,
        owner.name as owner_name,
        owner.entity_type as owner_type,
        owner.country as owner_country,
        ranked.owned_id,
        ranked.owned_name,
        ranked.owned_type,
        ranked.owned_country,
        ranked.owned_media_type,
        ranked.interest,
        ranked.share_min,
        ranked.share_max,
        ranked.start_date,
        ranked.end_date,
        ranked.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        ranked.set_aside,
        ranked.layer,
        ranked.owner_links,
        ranked.owner_fan,
        ranked.rank_in_owner
    from ranked
    left join named as owner on owner.entity_id = ranked.owner_id
    left join sources on sources.source_id = ranked.source_id
)

select * from final
order by set_aside, owned_type = 'outlet', rank_in_owner > 5, owner_links desc, owner_name, owner_id, rank_in_owner
