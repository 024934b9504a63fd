-- One row per owned entity whose owners disagree between sources on $as_of: a source names an owner (by shareholding
-- or control) that is neither an owner another source names for it nor above or below one in the ownership chain.
-- Every claim of every source about the entity is listed, with its owner, layer, publisher and URL.
-- params: $as_of
with recursive claims as (
    select interests.owner_id, interests.owned_id, interests.interest, interests.layer, interests.source_id
    from interests_as_of($as_of) as interests
    where is_ownership(interests.interest, interests.share_max)
),

contested as (
    select claims.owned_id
    from claims
    group by claims.owned_id
    having count(distinct claims.source_id) > 1 and count(distinct claims.owner_id) > 1
),

contested_claims as (
    select claims.* from claims semi join contested on contested.owned_id = claims.owned_id
),

-- Each claimed owner with itself and every owner above it (a cycle or a very long chain stops the walk).
above(owner_id, ancestor_id, visited) as (
    select distinct contested_claims.owner_id, contested_claims.owner_id, [contested_claims.owner_id]
    from contested_claims
    union all
    select above.owner_id, claims.owner_id, list_append(above.visited, claims.owner_id)
    from above
    join claims on claims.owned_id = above.ancestor_id
    where not list_contains(above.visited, claims.owner_id) and len(above.visited) <= lookthrough_depth_cap()
),

related(owner_id, other_id) as (
    select above.owner_id, above.ancestor_id from above
    union
    select above.ancestor_id, above.owner_id from above
),

claim_sources as (
    select distinct contested_claims.owned_id, contested_claims.source_id from contested_claims
),

-- An entity is in dispute when one source names an owner that no claim of another source about it agrees with.
disagreeing as (
    select distinct claim.owned_id
    from contested_claims as claim
    join claim_sources as other on other.owned_id = claim.owned_id and other.source_id <> claim.source_id
    where not exists (
        select 1
        from contested_claims as other_claim
        join related on related.owner_id = claim.owner_id and related.other_id = other_claim.owner_id
        where other_claim.owned_id = claim.owned_id and other_claim.source_id = other.source_id
    )
),

described as (
    select
        contested_claims.owned_id,
        contested_claims.owner_id,
        owner.name as owner_name,
        contested_claims.interest,
        contested_claims.layer,
        contested_claims.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from contested_claims
    semi join disagreeing on disagreeing.owned_id = contested_claims.owned_id
    left join entities as owner on owner.entity_id = contested_claims.owner_id
    left join sources on sources.source_id = contested_claims.source_id
),

final as (
    select
        described.owned_id,
        owned.name as owned_name,
        owned.entity_type as owned_type,
        owned.country,
        count(distinct described.source_id) as sources,
        string_agg(
            described.owner_name || ' (' || described.layer || ': ' || described.source_publisher || ')',
            '; '
            order by described.layer <> 'curated', described.layer, described.owner_name, described.source_id
        ) as owners,
        list(
            struct_pack(
                owner_id := described.owner_id,
                owner_name := described.owner_name,
                interest := described.interest,
                layer := described.layer,
                source_id := described.source_id,
                source_publisher := described.source_publisher,
                source_url := described.source_url
            )
            order by described.layer <> 'curated', described.layer, described.owner_name, described.source_id
        ) as claims
    from described
    join entities as owned on owned.entity_id = described.owned_id
    group by described.owned_id, owned.name, owned.entity_type, owned.country
)

select * from final
order by country nulls last, owned_name, owned_id
