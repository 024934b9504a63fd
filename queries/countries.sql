-- One row per country the atlas knows: its ISO alpha-2 and alpha-3 codes and name, for the map.
-- params: (none)
select code, alpha_3, name
from countries
order by code
