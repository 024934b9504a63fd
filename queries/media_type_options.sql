-- One row per media type with the number of outlets of that type on $as_of, for the media type filter.
-- params: $as_of
select media_type, count(*) as outlets
from outlet_rows_existing($as_of)
group by media_type
order by outlets desc, media_type
