-- Fristen in Werktagen (oder Arbeitstagen) neben Fristen in Tagen im
-- selben Entwurf.
--
-- Eine Frist in Tagen läuft nach dem Kalender (§§ 187 bis 193 BGB,
-- § 31 VwVfG). Eine Frist in Werktagen braucht mehr: welche Tage Werktage
-- sind, hängt an Sonn- und Feiertagen, und die Feiertage an dem Land, in
-- dem die Frist läuft; ob der Sonnabend zählt, sagt das Wort allein nicht
-- sicher. Stehen beide Einheiten in einem Entwurf, muss jedes Verfahren,
-- das die Fristen berechnet, beide kennen und für jede Frist wissen, welche
-- gilt.
--
-- Gemeldet wird jede Frist in Werktagen oder Arbeitstagen, wenn der
-- Entwurf auch Fristen in Tagen oder Kalendertagen setzt, mit der Stelle
-- der ersten solchen Frist.

-- eine Zahl, in Ziffern oder als Wort
local ZAHL = "(?:\\d+|eine[mns]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|"
  .. "zwölf|vierzehn|fünfzehn|zwanzig|einundzwanzig|dreißig|vierzig|fünfzig|sechzig|"
  .. "neunzig)"
-- … Tage, aber keine Häufigkeit ("an zwei Tagen in der Woche")
local EINHEIT = "(Werk|Arbeits|Kalender)?tag(?:e|en|es)?\\b(?!\\s+(?:in\\s+der\\s+Woche|pro|je|"
  .. "im\\s+(?:Kalender)?(?:Jahr|Monat)|wöchentlich|monatlich|jährlich))"

-- Eine Frist: eine Zahl von Tagen nach einem Wort, das eine Frist
-- einleitet ("binnen drei Werktagen"), oder vor "vor" und "nach" ("14 Tage
-- nach der Bekanntgabe"). Ein Zeitraum wie "31 aufeinanderfolgende
-- Arbeitstage" ist keine Frist.
local FRIST = "\\b(?:(?:binnen|innerhalb(?:\\s+von)?|spätestens|frühestens|längstens|"
  .. "mindestens|höchstens|bis\\s+zu|(?:vor|nach)\\s+Ablauf\\s+von|Frist\\s+von)\\s+"
  .. ZAHL .. "\\s+" .. EINHEIT .. "|" .. ZAHL .. "\\s+" .. EINHEIT
  .. "\\s+(?:vor|nach|ab|seit)\\b)"

-- Die Fristen des Entwurfs. FRIST sucht nur in den Sätzen, in denen Tage
-- vorkommen: eine Suche, die an jeder Zahl ansetzt, kostet über den ganzen
-- Text viermal so viel.
local function fristen(draft)
  local liste, zuletzt = {}, nil
  for t in draft:matches("\\b" .. EINHEIT) do
    if t.unit ~= zuletzt then
      zuletzt = t.unit
      for m in zuletzt:matches(FRIST) do
        liste[#liste + 1] = m
      end
    end
  end
  return liste
end

return function(draft, report)
  local werktage, tage = {}, {}
  for _, m in ipairs(fristen(draft)) do
    local einheit = (m[1] or m[2] or ""):lower()
    if einheit == "werk" or einheit == "arbeits" then
      werktage[#werktage + 1] = m
    else
      tage[#tage + 1] = m
    end
  end
  if #werktage == 0 or #tage == 0 then
    return
  end
  local anderswo = #tage == 1 and "eine Frist" or (#tage .. " Fristen")
  for _, m in ipairs(werktage) do
    report{
      at = m,
      message = "Diese Frist zählt Werktage, der Entwurf setzt aber auch "
        .. anderswo .. " in Tagen (zuerst " .. tage[1].path .. ": \""
        .. tage[1].text .. "\"). Zwei Zeiteinheiten erschweren die "
        .. "automatisierte Fristberechnung.",
    }
  end
end
