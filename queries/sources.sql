-- One row per source document whose title or publisher matches $q, with how many fact rows cite it.
-- params: $q
with citations as (
    select source_id, count(*) as facts
    from (
        select source_id from organisations
        union all select source_id from outlets
        union all select source_id from people
        union all select source_id from ownership
        union all select source_id from roles
        union all select source_id from partnerships
        union all select source_id from audience
        union all select source_id from market_sizes
    )
    group by source_id
),

final as (
    select
        sources.source_id,
        sources.title,
        sources.publisher,
        sources.url,
        sources.published_on,
        sources.retrieved_on,
        sources.license,
        coalesce(citations.facts, 0) as facts,
        sources.layer
    from sources
    left join citations on citations.source_id = sources.source_id
    where coalesce($q, '') = ''
        or contains(fold(sources.title || ' ' || sources.publisher), fold($q))
)

select * from final
order by facts desc, publisher, title, source_id
