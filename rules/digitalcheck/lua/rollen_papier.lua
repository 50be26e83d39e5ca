-- Was mit einem Papier in der Hand geschieht: Papier und Post, gelesen nach
-- dem Ding und der Handlung im Teilsatz.
--
-- Viele Sätze setzen Papier voraus, ohne "Papier" oder "Post" zu sagen: ein
-- Begleitpapier ist mitzuführen, ein Lieferschein auszufüllen und zu
-- übergeben, etwas in Feld 10 oder in das Fahrtenbuch einzutragen, in die
-- Anwesenheitsliste trägt man sich ein. Ein elektronisch geführtes Buch, ein
-- Datensatz oder eine Befreiung von der Pflicht sind dagegen kein Papier in
-- der Hand. Die Regel liest den Teilsatz (bis zum nächsten Semikolon) um das
-- Ding aus Papier:
--
-- 1. das Ding: ein Begleit-, Beförderungs-, Fracht- oder Schiffspapier, ein
--    Begleit-, Übernahme-, Liefer- oder Ladeschein, ein Fahrten-, Tage-,
--    Log-, Bord-, Kontroll- oder Dienstbuch, eine Anwesenheitsliste, ein
--    gezähltes Feld eines Vordrucks (DING). Formblätter, Formulare,
--    Merkblätter, Blätter und Seiten nicht: ein Formular ist heute oft ein
--    elektronisches, ein Blatt das eines Registers, und Stichproben im
--    Bestand trafen hier zu oft daneben;
-- 2. die Handlung, die es in der Hand verlangt, höchstens NAH Bytes vom Ding:
--    eintragen, ausfüllen, stempeln, aufdrucken, beifügen, übergeben,
--    mitführen, zurücksenden, auslegen, aufbewahren, darauf unterschreiben,
--    es verwenden, "trägt ... ein" (HANDLUNG, TRAEGT_EIN);
-- 3. was es im Teilsatz aufhebt: ein elektronischer Weg, ein Datensatz, eine
--    Datei oder Datenbank, ein Verzicht, das Grundbuch, ein Wertpapier, ein
--    Ersuchen zwischen Stellen, ein Weg "in anderer Weise" oder ein
--    sonstiger Nachweis statt des Papiers, Angaben oder Daten, die
--    übermittelt werden, ein Formblatt, das "auch" verwendet werden kann,
--    Rechnungen und Belege, eine Befreiung ("müssen ... nicht mitgeführt
--    werden", "von der Pflicht ... ausgenommen"), und ein Original oder eine
--    Abschrift, die der Teilsatz vor dem Ding nennt (AUFGEHOBEN, ORIGINAL).
--
-- Gemeldet wird nur, was form.papier-post in einem Satz nicht schon meldet.
--
-- Nur das Ding wird im ganzen Entwurf gesucht; die Muster des Teilsatzes nur
-- in den Einheiten, die eines nennen, jedes einmal je Einheit (spannen).

-- Die Dinge aus Papier: die billige Suche zuerst. Ein Feld nur mit Nummer,
-- sonst ist es ein Gebiet.
local DING = "\\b(?:(?:Begleitpapier|Fahrzeugpapier|Frachtpapier|Schiffspapier|"
  .. "Beförderungspapier|Versandpapier)(?:e|en)?|(?:Fahrtenbuch|Fahrtenbücher|Tagebuch|"
  .. "Tagebücher|Schiffstagebuch|Logbuch|Logbücher|Dienstbuch|Schifferdienstbuch|Bordbuch|"
  .. "Bordbücher|Kontrollbuch|Kontrollbücher|Prüfbuch|Prüfbücher)(?:es|s|e|n)?|"
  .. "Anwesenheitsliste\\w*|(?:Begleitschein|Übernahmeschein|Lieferschein|Ladeschein)\\w*|"
  .. "Feld(?:er|ern)?\\s+\\d+)\\b"

-- Was jemand mit dem Papier in der Hand tut.
local HANDLUNG = "\\b(?:einzutragen|eingetragen|sich\\s+einträgt|auszufüllen|ausgefüllt\\w*|"
  .. "ausfüllen|abzustempeln|abstempel\\w*|abgestempelt|aufzudrucken|aufgedruckt|"
  .. "Aufdruck\\w*|auszudrucken|ausgedruckt|beizufügen|beigefügt|beifügen|beizulegen|"
  .. "beigelegt|beizuheften|beigeheftet|aufzukleben|aufgeklebt|fest\\s+zu\\s+verbinden|"
  .. "zu\\s+übergeben|übergeben|übergibt|auszuhändigen|ausgehändigt|aushändigt|händigt|"
  .. "mitzuführen|mitführt|mitgeführt|mitführen|mit\\s+sich\\s+(?:zu\\s+)?führ\\w*|"
  .. "zurückzusenden|zurückgesandt|zurückgesendet|zurücksendet|zurückzugeben|zurückgegeben|"
  .. "zurückgibt|versendet\\w*|versandt|zu\\s+versenden|auszulegen|ausgelegt|auszuhängen|"
  .. "ausgehängt|durch\\s+einen\\s+Strich|zu\\s+unterzeichnen|unterzeichnet|"
  .. "zu\\s+unterschreiben|unterschrieben|abzuzeichnen|abgezeichnet|"
  .. "aufzubewahren|aufbewahrt|zu\\s+verwenden|unter\\s+Verwendung)\\b|[Uu]nterschrift"
-- "trägt ... den Vermerk ... ein": das trennbare Verb.
local TRAEGT_EIN = "\\btr(?:ägt|agen)\\b[^.;]{0,120}?\\bein\\b"

-- Was das Papier im Teilsatz aufhebt. (Zwischen Modalverb und "nicht" darf
-- ein Punkt stehen, "Nummer 1.1": eine Einheit ist ein Satz. Eine Klasse
-- wiederholt PCRE2 billig, eine Gruppe mit {0,150} schriebe es 150-mal aus.)
local AUFGEHOBEN = "\\b(?:elektronisch\\w*|digital\\w*|Datensatz\\w*|Datensätze\\w*|Datei\\w*|"
  .. "online\\w*|Internet\\w*|E-Mail|Bildschirm\\w*|verzicht\\w*|Grundbuch\\w*|"
  .. "anderer\\s+Weise|"
  .. "(?:Angaben|Daten)\\b[^.;]{0,80}?\\bübermittel\\w*|"
  .. "Übermittlung\\s+(?:der|von)\\s+(?:\\w+\\s+)?(?:Angaben|Daten)\\b|"
  .. "auch\\s+(?:\\w+\\s+){0,4}?Form(?:bl|ular)|Rechnung(?:en)?\\b|sonstige[nr]?\\s+Nachweis\\w*|"
  .. "von\\s+der\\s+Pflicht\\b[^;]{0,200}?\\b(?:ausgenommen|befreit)\\b)|"
  .. "[Ww]ertpapier|(?<![tv])[Ee]rsuch(?:en|ens|end\\w*|te[nrs]?)\\b|[Bb]eleg(?:e|en)?\\b|"
  .. "[Dd]atenbank|\\b(?:müssen|muss|brauch\\w*)\\b[^;]{0,150}?"
  .. "\\bnicht\\s+(?:[\\w-]+\\s+){0,4}?"
  .. "(?:mitgeführt|beigefügt|aufbewahrt|eingetragen|ausgefüllt|übergeben|ausgehändigt)\\s+"
  .. "(?:zu\\s+)?werden\\b"
-- Das Original, die Kopie oder Abschrift eines Dings ist ein Original
-- (rollen.urschrift, form.original), kein Papier in der Hand.
local ORIGINAL = "\\b(?:Original|Kopie|Ablichtung|Abschrift|Urschrift)\\w*\\s+"
  .. "(?:des|der|eines|einer)\\b"

-- Wie weit (in Bytes) die Handlung vom Ding entfernt stehen darf.
local NAH = 140

-- Anfang und Ende des Teilsatzes um die Stelle p: die Semikola davor und
-- danach.
local function teil(text, p)
  local a = 1
  local i = text:find(";", 1, true)
  while i and i < p do
    a = i + 1
    i = text:find(";", a, true)
  end
  return a, i and i - 1 or #text
end

-- Die Treffer eines Musters in der Einheit, die gerade gelesen wird: jedes
-- Muster wird in einer Einheit nur einmal gesucht, wie viele Dinge sie auch
-- nennt.
local gelesen, treffer = nil, {}

local function spannen(s, pattern)
  if gelesen ~= s then
    gelesen, treffer = s, {}
  end
  local t = treffer[pattern]
  if not t then
    t = {}
    for m in s:matches(pattern) do
      t[#t + 1] = {m.start, m.stop}
    end
    treffer[pattern] = t
  end
  return t
end

-- Ob ein Treffer von pattern in der Einheit s ganz in [a, e] steht.
local function darin(s, pattern, a, e)
  for _, t in ipairs(spannen(s, pattern)) do
    if t[1] >= a and t[2] <= e then
      return true
    end
  end
  return false
end

-- Ob das Ding w in der Einheit s (mit dem Text text) von Hand behandelt
-- werden muss: erst die Handlung nahe am Ding, dann, was sie im ganzen
-- Teilsatz aufhebt.
local function entscheide(s, text, w)
  local a, e = teil(text, w.start)
  local na, ne = math.max(a, w.start - NAH), math.min(e, w.stop + NAH)
  if not (darin(s, HANDLUNG, na, ne) or darin(s, TRAEGT_EIN, na, ne)) then
    return false
  end
  return not (darin(s, AUFGEHOBEN, a, e) or darin(s, ORIGINAL, a, w.start))
end

return function(draft, report)
  local gemeldet = {}
  for _, f in ipairs(draft:findings("form.papier-post")) do
    gemeldet[f.path] = true
  end
  -- Positionen gelten im durchsuchten Text: gelesen wird deshalb in der Einheit.
  local zuletzt = nil
  for m in draft:matches(DING) do
    local s = m.unit
    if s ~= zuletzt and not gemeldet[s.path] then
      zuletzt = s
      local text = s.text
      for w in s:matches(DING) do
        if entscheide(s, text, w) then
          report{at = w, message = "Hier ist ein Papier von Hand zu behandeln („"
            .. w.text .. "“)."}
          break
        end
      end
    end
  end
end
