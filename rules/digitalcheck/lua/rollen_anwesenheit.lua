-- Wer wo erscheinen muss: persönliches Erscheinen, gelesen nach den Rollen im
-- Teilsatz.
--
-- Ob ein Satz mit "erscheinen", "Vorführung", "anwesend" oder "versäumt" eine
-- Person an einen Ort bindet, hängt daran, wer erscheint und wo. Erscheint
-- eine Partei, ein Zeuge, ein Angeklagter oder ein Prüfling zu einem Termin,
-- einer Verhandlung oder Prüfung, muss er dort sein. Sind dagegen Mitglieder
-- eines Gremiums, Prüfer oder Bedienstete anwesend, arbeitet die Stelle nur
-- in ihrer Besetzung, und "erscheint angemessen" heißt "scheint". Die Regel
-- liest den Teilsatz (bis zum nächsten Semikolon) um das Wort des
-- Erscheinens:
--
-- 1. die Art des Wortes: Verb des Erscheinens, sein Nomen, Vorführung,
--    Anwesenheit oder das Versäumen (art);
-- 2. die Person, die dem Wort am nächsten steht, als Partei oder als Amt
--    (naechster mit PARTEI und AMT);
-- 3. den Ort oder Anlass (Termin, Verhandlung, Prüfung, Gericht, Behörde),
--    eine bloße Erlaubnis ("können ... erscheinen") und einen Fernweg oder
--    Verzicht (Videokonferenz, "entbunden"), der das Erscheinen ersetzt
--    (ersetzt, vorgefuehrt, versaeumt, anwesend, erscheint, entscheide).
--
-- Gemeldet wird nur, was form.persoenlich in einem Satz nicht schon meldet.

-- Die Wörter des Erscheinens: die billige Suche zuerst.
local WORT = "\\b(?:erschein\\w*|erschien\\w*|vorzuführen|vorführ\\w*|vorgeführt\\w*|"
  .. "anwesen\\w*|versäum\\w*)"
-- Wer erscheinen muss: Beteiligte eines Verfahrens, Zeugen, Prüflinge; als
-- Nomen, groß geschrieben ("die beteiligten Luftfahrer" sind keine Beteiligten).
local PARTEI = "\\b(?-i:(?:\\p{Lu}\\w*)?(?:[Pp]artei|[Bb]ewerber|[Aa]ntragsteller)\\w*|"
  .. "Beteiligt\\w*|Betroffen\\w*|Zeug(?:e|en|in|innen)\\b|Sachverständig\\w*|"
  .. "Angeklagt\\w*|Angeschuldigt\\w*|Beschuldigt\\w*|Verfolgt\\w*|Prüfling\\w*|"
  .. "Prüfungsteilnehm\\w*|Anwärter\\w*|Kandidat\\w*|Schuldner\\w*|Betreut\\w*|"
  .. "Verurteilt\\w*|Gefangen\\w*|Festgenommen\\w*|Wehrpflichtig\\w*|Kläger\\w*|Beklagt\\w*|"
  .. "Antragsgegner\\w*|Jugendlich\\w*)"
-- Wer nur in seinem Amt anwesend ist: Mitglieder, Prüfer, Richter, Bedienstete.
local AMT = "\\b(?-i:(?:\\p{Lu}\\w*)?(?:[Mm]itglied|[Rr]ichter|[Bb]eamt|[Bb]eauftragt|"
  .. "[Aa]usschuss|[Vv]ertreter|[Bb]eist(?:and|änd))\\w*|Arzt\\w*|"
  .. "(?:\\p{Lu}\\w*)?[Ää]rzt(?:e|en|in|innen)\\b|"
  .. "Prüfer\\w*|Prüfend\\w*|"
  .. "Vorsitzend\\w*|Bedienstet\\w*|Teleradiolog\\w*|Notar\\w*|Schöff\\w*|"
  .. "Beisitzer\\w*|Staatsanw\\w*|Verteidiger\\w*|Protokollführer\\w*|Dolmetscher\\w*)"
-- Die Vorführung einer Person (im Genitiv), nicht eine Vorführung in der Luft.
local VORFUEHRUNG = "\\bVorführung\\w*\\s+(?:(?:oder|und)\\s+\\w+\\s+)?"
  .. "(?:des|der|eines|einer|von)\\s+(?:\\w+\\s+){0,2}?"
  .. PARTEI
-- Was statt einer Person vorgeführt wird.
local SACHE = "\\b(?:\\w*aufzeichnung\\w*|Bild-Ton\\w*|Film\\w*|Sendung\\w*|Fahrzeug\\w*|"
  .. "Tier\\w*|Ware\\w*|Erzeugnis\\w*|Gerät\\w*|Probe\\w*|Übung\\w*|Fertigkeit\\w*)\\b"
-- Ein versäumtes Ding, das kein Anlass ist ("die versäumte Handlung").
local VERSAEUMTES = "\\bversäumte[nrs]?\\s+(?!(?:\\w*termin|\\w*prüfung|\\w*verhandlung|"
  .. "Anhörung|Aufsichtsarbeit)\\w*)\\w+"
-- Wer versäumt, etwas zu tun ("versäumt es der Kläger, seine Klage
-- einzureichen"), versäumt eine Handlung, keinen Termin.
local VERSAEUMT_ZU = "\\bversäum\\w*(?:\\s+es\\b[^,;]{0,80})?,[^,;]{0,120}?"
  .. "(?-i:\\bzu\\s+[a-zäöü]\\w*(?:en|ern|eln)\\b|"
  .. "\\b[a-zäöü]+zu[a-zäöü]*(?:en|ern|eln)\\b)"
-- Wo: ein Termin, eine Verhandlung, Prüfung oder Anhörung, ein Gericht, eine
-- Behörde.
local ANLASS = "\\b(?:\\w*termin\\w*|\\w*verhandlung\\w*|Anhörung\\w*|\\w*prüfung\\w*|"
  .. "Vernehmung\\w*|Aufsichtsarbeit\\w*|\\w*gericht\\w*|\\w*behörde\\w*|Untersuchung\\w*)"
-- Der Anlass mit seiner Präposition: wo jemand erscheint oder anwesend ist.
local ORT = "\\b(?:zu|zum|zur|im|in|vor|bei|beim)\\s+(?:[\\w-]+\\s+){0,3}?" .. ANLASS
-- Vor wen jemand geführt wird.
local RICHTER = "\\b\\w*richter\\w*"
-- Was sich nur in einer Prüfung oder Verhandlung versäumen lässt, auch ohne
-- dass der Satz den Prüfling nennt.
local PRUEFUNG = "\\b(?:\\w*prüfung\\w*|\\w*verhandlung\\w*|Anhörung\\w*|Aufsichtsarbeit\\w*)"
-- Ein Fernweg oder Verzicht ersetzt das Erscheinen.
local ERSATZ = "\\b(?:Videokonferenz|Bild-\\s+und\\s+Tonübertragung|Bild\\s+und\\s+Ton|"
  .. "entbunden|nicht\\s+erforderlich|bedarf\\s+es\\s+nicht)"
-- "erscheint" im Sinn von "scheint".
-- Das Prädikat steht hinter dem Verb ("erscheint sie nicht gerechtfertigt")
-- oder im Nebensatz davor ("wenn diese begründet erscheint").
local SCHEINBAR = "(?:angemessen|geboten|erforderlich|zweckmäßig|gerechtfertigt|notwendig|"
  .. "unbillig|möglich|ausgeschlossen|zulässig|vertretbar|sinnvoll|zumutbar|unzumutbar|"
  .. "ausreichend|sachgerecht|bedenklich|begründet|glaubhaft|zweifelhaft|geeignet|unmöglich|"
  .. "\\w+bar|\\w+los)"
local SCHEINT = "\\berschein\\w*\\s+(?:\\w+\\s+){0,3}?" .. SCHEINBAR .. "\\b|\\b"
  .. SCHEINBAR .. "\\w*\\s+(?:zu\\s+)?erschein\\w*"
-- Ein Ausbleiben, das die Pflicht zum Erscheinen voraussetzt, nach dem Verb
-- ("erscheint ... nicht") oder davor ("verspätet erscheint").
local AUSBLEIBEN = "\\b(?:erschein|erschien)\\w*\\s+(?:\\w+\\s+){0,4}?"
  .. "(?:nicht|verspätet|rechtzeitig|unentschuldigt)\\b"
-- Dazwischen kein Partizip: "nicht gefährdet erscheint" heißt "scheint".
local AUSGEBLIEBEN = "\\b(?:nicht|verspätet|rechtzeitig|unentschuldigt)\\s+"
  .. "(?:(?!\\w*et\\b)\\w+\\s+){0,2}?"
  .. "(?:erschein|erschien)\\w*"
-- Wer nur erscheinen darf oder kann, muss es nicht: eine Erlaubnis oder
-- Möglichkeit ("können die Beteiligten mit Beiständen erscheinen", "die
-- Möglichkeit, persönlich zu erscheinen") ohne ein Ausbleiben ("nicht").
local DARF = "\\b(?:kann|können|darf|dürfen|Möglichkeit|Gelegenheit|berechtigt|gestatt\\w*|"
  .. "erlaubt)\\b"
-- Die Anwesenheit als Pflicht oder Anordnung, nicht als Umstand ("in
-- Anwesenheit des Beschuldigten") oder Gegenstand einer Feststellung.
local PFLICHT = "\\b(?:Pflicht|verpflichtet|erforderlich|anzuordnen|angeordnet|anordnen|"
  .. "bedarf|verzichte\\w*)\\b"
-- Wie weit (in Bytes) Person und Anlass vom Wort entfernt stehen dürfen.
local NAH = 150

-- Die Art des Wortes des Erscheinens.
local function art(w)
  local l = w:lower()
  if l:find("^vor") then
    return "vorfuehren"
  elseif l:find("^anwesen") then
    return "anwesend"
  elseif l:find("^vers") then
    return "versaeumen"
  elseif w:find("^Erscheinen") then
    return "nomen"
  end
  return "verb"
end

-- Die Grenzen des Teilsatzes um die Stelle p im Text: die Semikola davor und
-- danach.
local function teilsatz(text, p)
  local a, e = 1, #text
  for q in text:gmatch("();") do
    if q < p then
      a = q + 1
    elseif e == #text then
      e = q - 1
    end
  end
  return a, e
end

-- Die Treffer von pattern in s, die im Teilsatz [a, e] und höchstens NAH Bytes
-- von der Stelle p entfernt stehen: der Abstand des nächsten, oder nil.
local function naechster(s, pattern, p, a, e)
  local best = nil
  for m in s:matches(pattern) do
    if m.start >= a and m.stop <= e then
      local d = m.stop < p and p - m.stop or m.start - p
      if d >= 0 and d <= NAH and (not best or d < best) then
        best = d
      end
    end
  end
  return best
end

-- Ob ein Treffer von pattern in s mit dem Wort m beginnt oder endet.
local function am_wort(s, pattern, m)
  if not s:find(pattern) then
    return false
  end
  for x in s:matches(pattern) do
    if x.start == m.start or x.stop == m.stop then
      return true
    end
  end
  return false
end

-- Ob der Teilsatz [a, e] das Erscheinen durch einen Fernweg oder Verzicht
-- ersetzt.
local function ersetzt(s, m, a, e)
  return s.text:sub(a, e):find("Video", 1, true) ~= nil
    or (s:find(ERSATZ) ~= nil and naechster(s, ERSATZ, m.start, a, e) ~= nil)
end

-- "vorführen", "vorzuführen", "vorgeführt": eine Person, keine Sache (eine
-- Aufzeichnung, Sendungen, eine Übung), vor einem Gericht oder Richter.
local function vorgefuehrt(s, m, a, e)
  local wer = naechster(s, PARTEI, m.start, a, #s.text)
  local was = naechster(s, SACHE, m.start, a, e)
  local vor = naechster(s, ANLASS, m.start, a, e) or naechster(s, RICHTER, m.start, a, e)
  return wer ~= nil and vor ~= nil and (was == nil or wer < was)
end

-- Ein versäumter Termin oder eine versäumte Prüfung, nicht eine Frist, ein
-- Versäumnisverfahren oder eine Handlung; versäumt von einer Partei oder in
-- einer Prüfung, nicht von einem Amt.
local function versaeumt(s, m, a, e)
  local text = s.text
  if m.text:lower():find("^versäumnis") or am_wort(s, VERSAEUMTES, m)
    or am_wort(s, VERSAEUMT_ZU, m) then
    return false
  end
  local umfeld = text:sub(math.max(1, m.start - 60), math.min(#text, m.start + 120))
  if umfeld:lower():find("frist", 1, true) or not naechster(s, ANLASS, m.start, a, e) then
    return false
  end
  local partei = naechster(s, PARTEI, m.start, a, e)
  local amt = naechster(s, AMT, m.start, a, e)
  return not (amt and (not partei or amt < partei))
    and (partei ~= nil or naechster(s, PRUEFUNG, m.start, a, e) ~= nil)
end

-- "anwesend" prädikativ (wer anwesend sein muss oder war) an einem Ort, nicht
-- als Attribut ("die Namen der anwesenden Prüflinge" in einer Niederschrift);
-- "Anwesenheit" als Pflicht, nicht als Umstand ("in Anwesenheit des ...").
local function anwesend(s, m, a, e)
  local davor = s.text:sub(math.max(1, m.start - 4), m.start)
  return naechster(s, ORT, m.start, a, e) ~= nil and not davor:find("in ", 1, true)
    and (m.text == "anwesend" or naechster(s, PFLICHT, m.start, a, e) ~= nil)
end

-- Das Verb "erscheinen": an einem Ort oder mit einem Ausbleiben, nicht im Sinn
-- von "scheinen".
local function erscheint(s, m, a, e)
  if am_wort(s, SCHEINT, m) then
    return false
  end
  return naechster(s, ORT, m.start, a, e) ~= nil or am_wort(s, AUSBLEIBEN, m)
    or am_wort(s, AUSGEBLIEBEN, m)
end

-- Ob das Wort m in s ein persönliches Erscheinen verlangt: erst die Art des
-- Wortes, dann die Person, die ihm am nächsten steht.
local function entscheide(s, m)
  local a, e = teilsatz(s.text, m.start)
  if ersetzt(s, m, a, e) then
    return false
  end
  local k = art(m.text)
  local nomen = m.text:find("^Vorf") ~= nil
  if k == "vorfuehren" and not nomen then
    return vorgefuehrt(s, m, a, e)
  elseif k == "versaeumen" then
    return versaeumt(s, m, a, e)
  end
  local partei = naechster(s, PARTEI, m.start, a, e)
  local amt = naechster(s, AMT, m.start, a, e)
  if not partei or (amt and amt < partei) then
    return false
  end
  if (k == "verb" or k == "anwesend") and naechster(s, DARF, m.start, a, e)
    and not am_wort(s, AUSBLEIBEN, m) and not am_wort(s, AUSGEBLIEBEN, m) then
    return false
  end
  if k == "vorfuehren" then
    -- die Vorführung einer Person, nicht eine Vorführung in der Luft
    return am_wort(s, VORFUEHRUNG, m)
  elseif k == "nomen" then
    return partei <= NAH / 2
  elseif k == "anwesend" then
    return anwesend(s, m, a, e)
  end
  return erscheint(s, m, a, e)
end

return function(draft, report)
  local gemeldet = {}
  for _, f in ipairs(draft:findings("form.persoenlich")) do
    gemeldet[f.path] = true
  end
  -- Positionen gelten im durchsuchten Text: gelesen wird deshalb in der Einheit.
  local zuletzt = nil
  for m in draft:matches(WORT) do
    local s = m.unit
    if s ~= zuletzt and not gemeldet[s.path] then
      zuletzt = s
      for w in s:matches(WORT) do
        if entscheide(s, w) then
          report{at = w, message = "Eine Partei, ein Zeuge oder ein Prüfling muss hier an "
            .. "einem Ort erscheinen („" .. w.text .. "“)."}
          break
        end
      end
    end
  end
end
