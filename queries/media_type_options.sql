-- One row per media type with the number of outlets of that type on $as_of, for the media type filter.
-- params: $as_of
select counts.media_type, sum(counts.outlets)::bigint as outlets
from outlet_counts_as_of($as_of) as counts
group by counts.media_type
order by outlets desc, media_type
