-- Viele Nachweise für einen Antrag.
--
-- Eine Aufzählung wie "Dem Antrag sind folgende Unterlagen beizufügen:
-- 1. … 2. … 3. … 4. …" lässt die Antragstellenden jede Unterlage einzeln
-- beschaffen und einreichen, und die Behörde jede einzeln prüfen. Viele
-- dieser Daten liegen der Verwaltung schon vor.
--
-- Gemeldet wird jeder Satz, der mit "beizufügen:", "vorzulegen:",
-- "einzureichen:" oder "beizubringen:" eine Aufzählung einleitet, wenn mehr
-- als GRENZE Nummern folgen. "nachzuweisen:" leitet meist Kenntnisse oder
-- Anforderungen ein (in Prüfungsordnungen), keine Unterlagen.

local GRENZE = 3
local EINLEITUNG = "\\b(?:beizufügen|vorzulegen|einzureichen|beizubringen)\\s*:\\s*$"

-- Die Nummern, die dem Satz s unmittelbar folgen: Nummern desselben
-- Absatzes (oder derselben Nummer), die hinter s beginnen, bis zum nächsten
-- Satz auf der Ebene von s.
local function aufzaehlung(s)
  local eltern = s.parent
  if not eltern then
    return 0
  end
  local n, hinter = 0, false
  for u in eltern:units() do
    if u == s then
      hinter = true
    elseif hinter and u.parent == eltern then
      if u.kind == "nummer" then
        n = n + 1
      elseif u.kind == "satz" then
        break
      end
    end
  end
  return n
end

return function(draft, report)
  for s in draft:units("satz") do
    local m = s:find(EINLEITUNG)
    if m then
      local n = aufzaehlung(s)
      if n > GRENZE then
        report{
          at = m,
          message = "Hier sind " .. n .. " Nachweise oder Unterlagen einzureichen. Jede "
            .. "einzelne muss beschafft, übermittelt und geprüft werden.",
        }
      end
    end
  end
end
