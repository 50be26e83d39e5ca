-- Ein digitales Angebot ohne ein Wort zur Barrierefreiheit.
--
-- Schafft der Entwurf ein Portal, eine Internetseite, eine App oder ein
-- elektronisches Formular, so muss es für alle nutzbar sein, auch für
-- Menschen mit Behinderungen (§ 12a BGG, BITV 2.0). Sagt der Entwurf dazu
-- nichts, bleibt es der Umsetzung überlassen.
--
-- Ein Angebot zählt, wenn ein Satz es schafft: es wird errichtet,
-- eingerichtet, betrieben, bereitgestellt oder entwickelt ("Die
-- Registerbehörde errichtet und betreibt eine Portalanwendung", "Hierzu
-- wird ein elektronisches Formular bereitgestellt"). Was nur der Ort von
-- etwas anderem ist ("veröffentlicht auf ihrer Internetseite"), zählt
-- nicht.
--
-- Gemeldet wird einmal, an der ersten solchen Stelle, mit den übrigen
-- Stellen; nennt der Text kein Angebot, die Vorprüfung aber eine
-- Interaktion mit Bürgerinnen, Bürgern und Unternehmen (vp.kommunikation)
-- über ein IT-System (vp.it-system), am Dokument.

-- ein digitales Angebot
local ANGEBOT = "(?:(?:Internetseite|Internetauftritt|Webseite|Website|Internetportal|"
  .. "Verwaltungsportal|Portal|Online-?(?:Portal|Dienst|Plattform|Formular|Verfahren|Angebot)|"
  .. "Onlinedienst|Nutzerkonto|(?:digitale|elektronische|Internet-?)\\s*Plattform|"
  .. "elektronische[snr]?\\s+Formular)\\w*|Apps?\\b|mobile[nr]?\\s+Anwendung\\w*)"
-- … das geschaffen wird: das Angebot vor dem Verb im Passiv oder Infinitiv,
-- oder hinter dem Verb im Aktiv. Die Verben in Kleinschrift: "Stellen" ist
-- kein "stellen".
local NACH = "(?:\\s+[\\w,.-]+){0,8}?\\s+(?-i:errichtet|eingerichtet|einzurichten|betrieben|"
  .. "zu\\s+betreiben|bereitgestellt|bereitzustellen|entwickelt)\\b"
local VOR = "\\b(?-i:errichte[nt]|richte[nt]|betreib(?:t|en)|stell(?:t|en)|entwickel[nt])"
  .. "\\s+(?:[\\w,-]+\\s+){0,6}?"
-- … aber nicht nur als Ort: "auf der Internetseite", "über ein Portal", "im
-- Postfach des Nutzerkontos"; mit "ein" oder "das" beginnt dazwischen ein
-- anderes Ding ("auf ihrer Internetseite ein elektronisches Formular")
local ORT = "\\b(?:auf|über|in|im|am|unter)\\s+(?:(?:der|die|das|dem|den|des|ein|eine|einem|"
  .. "einer|ihrer|ihre|ihrem|seiner|seine|seinem)\\s+)?"
  .. "(?:(?!(?:ein|eine|einen|das|die|den)\\s)[\\w-]+\\s+){0,4}?"
-- was zur Barrierefreiheit zählt
local BARRIEREFREI = "\\b(?:barrierefrei\\w*|Barrierefreiheit|BITV|"
  .. "Behindertengleichstellungsgesetz\\w*|§\\s*12a\\s+(?:des\\s+)?BGG|leichte[rn]?\\s+Sprache|"
  .. "Gebärdensprache)"

-- Das erste Angebot, das Satz s schafft, oder nil.
local function geschaffen(s)
  for a in s:matches("\\b" .. ANGEBOT) do
    local wort = "\\Q" .. a.text .. "\\E"
    if not s:find(ORT .. wort) and (s:find(wort .. NACH) or s:find(VOR .. wort)) then
      return a
    end
  end
  return nil
end

return function(draft, report)
  if draft:find(BARRIEREFREI) then
    return
  end
  -- nur die Sätze, die ein Angebot nennen, jeder einmal
  local stellen, zuletzt = {}, nil
  for a in draft:matches("\\b" .. ANGEBOT) do
    local s = a.unit
    if s ~= zuletzt then
      zuletzt = s
      stellen[#stellen + 1] = geschaffen(s)
    end
  end
  if #stellen == 0 then
    if draft.answers["vp.kommunikation"] == "yes" and draft.answers["vp.it-system"] == "yes" then
      report{message = "Die Vorprüfung sieht ein IT-System für die Kommunikation mit "
        .. "Bürgerinnen, Bürgern und Unternehmen vor; der Entwurf sagt nichts zur "
        .. "Barrierefreiheit."}
    end
    return
  end
  local weitere = {}
  for i = 2, #stellen do
    weitere[#weitere + 1] = stellen[i].path
  end
  local dazu = #weitere > 0 and (" (ebenso " .. table.concat(weitere, ", ") .. ")") or ""
  report{
    at = stellen[1],
    message = "Der Entwurf schafft ein digitales Angebot (\"" .. stellen[1].text .. "\")"
      .. dazu .. ", sagt aber nichts zur Barrierefreiheit.",
  }
end
