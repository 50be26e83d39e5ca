-- Ein Dokument, das eine öffentliche Stelle ausgestellt hat und das jemand
-- einer Stelle noch einmal beibringen muss: gelesen nach den Rollen im
-- Satz, nicht nach Wortfenstern.
--
-- Ob ein Dokument ein Fall für den Abruf bei der ausstellenden Stelle ist
-- (Once-Only), hängt an zwei Rollen: wer es ausgestellt hat (eine Behörde,
-- ein Gericht, eine Kammer, eine Hochschule, ein Register, eine Stelle eines
-- anderen Staates) und wer es wem geben muss (eine Partei einer Stelle).
-- proof.behoerdendaten nähert das mit Mustern um das Verb an; diese Regel
-- liest in den Sätzen, die jene Regeln nicht melden:
--
-- 1. das Dokument: nach seiner Art (ein Registerauszug, eine
--    Personenstandsurkunde, ein Ausweis, ein Erlaubnisschein, die
--    Ausfertigung oder Kopie einer Erlaubnis, eines Bescheids, einer
--    Entscheidung oder eines Prüfungszeugnisses) oder nach seinem
--    Aussteller ("eine Bescheinigung der Gemeinde", "von der zuständigen
--    Behörde ausgestellt", "behördliche Bescheinigung") (SUCHE);
-- 2. den Teilsatz des Dokuments, bis zum Semikolon (teil);
-- 3. die Pflicht darin: ein Verb des Beibringens (vorlegen, beifügen,
--    nachweisen, einen Nachweis durch ... führen, sich ... ausweisen), nicht
--    in einem Neben- oder Relativsatz, der ein anderes Nomen beschreibt, und
--    nicht im Titel eines zitierten Rechtsakts; oder ein Verb des Gebens
--    (übermitteln, übersenden), das nur zählt, wenn eine Partei gibt
--    (pflicht);
-- 4. den Geber: eine Stelle als Subjekt, die selbst gibt ("Das Gericht hat
--    eine Ausfertigung ... vorzulegen"), oder als Urheber eines Passivs
--    ("durch die Sonderungsbehörde"), verlangt nichts von einer Partei
--    (stelle_gibt, DURCH_STELLE); eine Stelle hinter einer Bescheinigung,
--    der das Verb folgt, ist ihr Empfänger, nicht ihr Aussteller
--    (stelle_empfaengt);
-- 5. in einer Liste den Einleitungssatz, der die Pflicht trägt ("Dem Antrag
--    sind beizufügen:"); ein Listenelement ohne Liste (ein Bruchstück, das
--    klein beginnt) steht für sich; beides nur, wo das Element das Dokument
--    benennt (einleitung, benennt).
--
-- Nicht gemeldet wird, was die Stelle von Amts wegen einholt oder abruft,
-- worauf der Satz verzichtet, was sie selbst ausgibt, was die Partei erst
-- beantragt, hat oder erhält, und eine Angabe aus dem Dokument
-- (nur_genannt).

-- Dokumente öffentlicher Stellen nach Art oder Aussteller, als Muster mit
-- seltenen Wörtern: die meisten Entwürfe nennen keines.
-- ein Amt als Kopf eines Nomens ("Finanzamt", "Amtes"), nicht "insgesamt"
local AMT = "(?-i:[A-ZÄÖÜ]\\w*amt|Amt)"
local STELLE = "(?:Stadt|Gemeinde|\\w*(?:kammer|behörde\\w*|gericht(?:e?s)?)|Bundesanstalt\\w*|"
  .. "Bundesamt\\w*|Bundesnetzagentur|Bundesagentur|" .. AMT .. "(?:e?s)?|Hochschule|"
  .. "Universität|(?:Akkreditierungs|Einzugs|Zulassungs)stelle|Kasse|Krankenkasse|Ministeri\\w*)"
-- nach der Art: Register, Personenstand, Urkunden über Erlaubnisse
-- (ganze Wörter: der Prüfer sucht nach ihnen, nach "urkunde" allein fände er
-- jede Urkunde)
local ART = "register(?:auszug|ausdruck|abschrift)\\w*"
  .. "|(?:Geburtsurkunde|Heiratsurkunde|Eheurkunde|Sterbeurkunde|Abstammungsurkunde|"
  .. "Lebenspartnerschaftsurkunde|Personenstandsurkunde|Einbürgerungsurkunde|"
  .. "Genehmigungsurkunde|Akkreditierungsurkunde)\\w*"
-- Scheine, Ausweise, angefochtene Entscheidungen, behördliche Bescheinigungen
local SCHEIN = "(?:Erlaubnisschein|Luftfahrerschein|Befähigungsschein|Registrierschein|"
  .. "Flaggenschein)\\w*"
  .. "|\\b(?:Personalausweis|Reisepass|Reisepaß|Aufenthaltstitel|Schiffsbrief|Messbrief|"
  .. "Gemeinschaftslizenz)(?:es|e|s|en)?\\b"
  .. "|\\bangefochtenen?\\s+(?:Entscheidung|Beschlu\\w+|Bescheid\\w*|Urteils?|Verwaltungsakt\\w*)"
  .. "|\\bbehördlich\\w*\\s+(?:beglaubigte\\w*\\s+)?(?:Bescheinigung|Bestätigung|Abschrift|"
  .. "Kopie|Ablichtung|Auszug|Nachweis)\\w*"
-- Auszüge aus Registern, Kopien von Erlaubnissen, Bescheiden, Entscheidungen
local KOPIE = "\\b(?:Auszug|Auszüge|Ausdruck|Ausdrucke)\\s+(?:aus\\s+(?:dem|einem|den|allen)\\s+"
  .. "(?:[\\w-]+,?\\s+){0,4}?\\w*register\\w*|der\\s+Eintragung)"
  .. "|\\bAuskunft\\s+nach\\s+§[^,;]{0,40}?Bundeszentralregistergesetzes"
  .. "|\\b(?:Abschrift|Kopie|Ablichtung|Ausfertigung)\\w*\\s+(?:[\\w-]+,?\\s+){0,5}?"
  .. "(?:der|des|einer|eines)\\s+(?:[\\w-]+\\s+){0,2}?(?:\\w*erlaubnis\\w*|\\w*genehmigung\\w*|"
  .. "\\w*lizenz\\w*|\\w*(?:prüfungs|abschluss)zeugnis\\w*|\\w*bescheid\\w*|Entscheidung|"
  .. "Urteils?)\\b"
-- ein Dokument einer genannten Stelle
local AUSSTELLER = "\\b(?:Bescheinigung|Bestätigung|Urkunde|Gutachten|Zeugnis)\\w*\\s+(?:(?:im\\s+Original|nach\\s+§\\s*\\S+)\\s+)?(?:des|der|einer|eines)\\s+"
  .. "(?:(?!vo[nm]\\s)[\\w-]+\\s+){0,2}?" .. STELLE .. "\\b"
-- von einer Stelle ausgestellt: gesucht wird erst das Partizip, "von" steht
-- überall
local VON = "\\b(?:von\\s+(?:der|dem|den|einer|einem)|vom)\\s+(?:[\\w-]+\\s+){0,3}?" .. STELLE
  .. "\\s+(?:[\\w-]+\\s+){0,8}?(?:ausgestellte[nmrs]?\\b|erteilte[nmrs]?\\b|"
  .. "(?:ausgestellt|erteilt)\\s+(?:wurde|wurden|worden)\\b)"
local PARTIZIP = "\\b(?:ausgestellte|erteilte|ausgestellt\\s+w|erteilt\\s+w)"

-- Je Art das Muster, das die Sätze findet, und das, das im Satz das Dokument
-- findet.
local SUCHE = {{ART, ART}, {SCHEIN, SCHEIN}, {KOPIE, KOPIE}, {AUSSTELLER, AUSSTELLER},
  {PARTIZIP, VON}}

-- Die Stelle als Aussteller nur, wo sie nicht der Empfänger ist: "eine
-- Bescheinigung der Behörde vorzulegen" gibt sie meist der Behörde, außer
-- ein Empfänger steht schon davor ("der Anerkennungsbehörde ein Gutachten
-- der Bundesanstalt vorzulegen").
local VOR_DEM_VERB = "\\b(?:Bescheinigung|Bestätigung|Urkunde|Gutachten|Nachweis|Zeugnis|"
  .. "Darstellung)\\w*\\s+(?:des|der|einer|eines)\\s+(?:[\\w-]+\\s+){0,2}?" .. STELLE
  .. "\\s+(?:\\w+\\s+){0,2}?(?-i:[a-zäöü]\\w*zu\\w+en|zu\\s+[a-zäöü]\\w+en|vorgelegt|eingereicht|"
  .. "beigefügt|übermittelt)\\b"

-- Die Pflicht, es beizubringen.
local BEIBRINGEN = "\\b(?:vorzulegen|vorgelegt|vorlegen|vorlegt|beizufügen|beigefügt|beifügen|"
  .. "einzureichen|eingereicht|einreichen|nachzureichen|nachgereicht|beizubringen|beigebracht|"
  .. "nachzuweisen|nachgewiesen|nachweist|vorzuweisen|vorgewiesen|vorzuzeigen|vorgezeigt|"
  .. "auszuweisen|einzusenden|(?<!\\bzur\\s)Vorlage)\\b"
  .. "|\\bNachweis\\w*\\b[^;]{0,200}?\\b(?:zu\\s+führen|geführt)\\b"
-- Geben zählt, wenn eine Partei gibt oder eine Stelle empfängt.
local GEBEN = "\\b(?:übermittelt|übermitteln|übersendet|übersenden|übersandt|zuzuleiten|"
  .. "zugeleitet|abzugeben|abgegeben)\\b"

-- Der Satz holt es selbst ein oder verzichtet darauf.
local AUSNAHME = "\\b(?:abrufen|abruft|abgerufen|Abruf\\w*|einzuholen|eingeholt|holt\\b[^.;]{0,80}"
  .. "\\bein|von\\s+Amts\\s+wegen|entbehrlich|entfällt|entfallen|verzichte[nt])\\b|\\bbedarf\\s+es\\s+(?:\\w+\\s+){0,3}?"
  .. "nicht\\b|\\bnicht\\s+(?:erforderlich|vorzulegen|beizufügen)\\b"
  .. "|\\bnicht\\s+(?:von|vom)\\s+(?:[\\w-]+\\s+){0,6}?(?:ausgestellt|erteilt)"
  -- eine Liste von Ordnungswidrigkeiten ("entgegen § 46 … nicht vorlegt")
  .. "|\\bentgegen\\s+(?:§|Artikel|Art\\.|de[rnm]\\b)"

-- Eine Stelle, die als Subjekt selbst gibt: am Anfang des Teilsatzes, mit
-- einem Verb im Aktiv, ohne dass sie es von jemandem verlangt.
local STELLE_GIBT = "\\b(?:Die|Das|Der)\\s+(?:[\\w-]+\\s+){0,2}?(?:\\w*behörde|\\w*gericht|" .. AMT .. "|"
  .. "\\w*stelle|\\w*kammer|\\w*anstalt|\\w*ministerium|Staatsanwaltschaft|Präsident\\w*|"
  .. "Vorsitzende|Bundesnetzagentur|Bundesagentur|Bundesbank|Kommission|\\w*verwaltung)\\s+"
  .. "(?:[\\w-]+\\s+){0,8}?(?:hat|haben|übermittelt|übersendet|legt|leitet|gibt|stellt|teilt)\\b"
local VERLANGT = "\\b(?:verlang\\w*|anforder\\w*|anzufordern|aufzufordern|aufgefordert|fordert)\\b"

-- Eine Stelle als Urheber eines Passivs ("wird dem Grundbuchamt durch die
-- Sonderungsbehörde ... mitgeteilt"), nicht als Aussteller ("von der Behörde
-- ausgestellt").
local DURCH_STELLE = "\\b(?:durch|von)\\s+(?:die|den|das|der|dem)\\s+(?:[\\w-]+\\s+){0,2}?"
  .. "(?:\\w*behörde|\\w*gericht|" .. AMT .. "|\\w*kammer|\\w*anstalt|Bundesnetzagentur|Bundesagentur)\\b"
  .. "(?!\\s+(?:[\\w-]+\\s+){0,8}?(?:ausgestellt|erteilt)\\w*)"

-- Eine Partei als Geber.
local PARTEI = "(?<!\\bvon\\s)(?<!\\bmit\\s)\\b(?:der|die|das|den)\\s+(?:(?!vo[nm]\\s)[\\w-]+\\s+){0,2}?(?:\\w*antragsteller\\w*|"
  .. "Gläubiger|Schuldner|Empfänger|Begünstigte|Unternehmer|Betreiber|Anlagenbetreiber|Inhaber\\w*|"
  .. "Bewerber\\w*|Beteiligte\\w*|Einführer|Ausführer|Hersteller|Halter|Veranstalter|Prüfling\\w*)\\b"
local AN_STELLE = "\\b(?:dem|der)\\s+(?:[\\w-]+\\s+){0,3}?(?:\\w*behörde|\\w*gericht|" .. AMT .. "|"
  .. "\\w*stelle|\\w*kammer|\\w*anstalt|Bundesnetzagentur|Bundesagentur)\\b"

-- Ein Einleitungssatz, der beibringen lässt (wie bei proof.behoerdendaten-liste).
local EINLEITUNG = "\\b(?:beizufügen|vorzulegen|einzureichen|beizubringen|nachzuweisen|"
  .. "vorzuweisen|nachzureichen|einzusenden)\\b"
  .. "|\\b(?:muss|müssen|hat|haben|soll|sollen)\\s+(?:[\\w-]+\\s+){0,3}?enthalten\\s*:"
  .. "|\\b(?:legt|legen|fügt|fügen|reicht|reichen)\\b[^.;:]{0,100}?\\b(?:Folgendes|folgende\\w*)"
  .. "\\s+(?:[\\w-]+\\s+){0,2}?(?:bei|vor|ein)\\b"
  .. "|\\b(?:Vorlage|Einreichung|Beibringung)\\s+(?:\\w+\\s+){0,2}?folgende\\w*"

local LISTE = {nummer = true, buchstabe = true, doppelbuchstabe = true}

-- Der Teilsatz von text um die Byte-Stelle pos: bis zum Semikolon davor und
-- danach.
local function teil(text, pos)
  local von, bis = 1, #text
  local k = 1
  while true do
    local j = text:find(";", k, true)
    if not j then
      break
    end
    if j < pos then
      von = j + 1
    else
      bis = j
      break
    end
    k = j + 1
  end
  return von, bis
end

-- Die erste Fundstelle von muster in s, die im Teilsatz [von, bis] beginnt
-- (und, mit vor, vor der Stelle vor endet).
local function in_teil(s, muster, von, bis, vor)
  for m in s:matches(muster) do
    if m.start > bis then
      return nil
    elseif m.start >= von and (not vor or m.stop < vor) then
      return m
    end
  end
  return nil
end

-- Beginnt eine Fundstelle von muster in s genau bei pos?
local function beginnt_bei(s, muster, pos)
  for m in s:matches(muster) do
    if m.start >= pos then
      return m.start == pos
    end
  end
  return false
end

-- Ist die Stelle hinter dem Dokument m der Empfänger (das Verb folgt ihr,
-- und kein anderer Empfänger steht im Teilsatz davor)?
local function stelle_empfaengt(s, m, von)
  -- "durch eine Bescheinigung der Bundesnetzagentur zu führen": ein Beweis
  -- durch das Dokument, kein Empfänger
  if s.text:sub(math.max(1, m.start - 16), m.start - 1):find("durch%s+%a*%s*$") then
    return false
  end
  -- ein anderer Empfänger davor im Teilsatz: dann ist die Stelle Aussteller
  return beginnt_bei(s, VOR_DEM_VERB, m.start) and in_teil(s, AN_STELLE, von, m.start, m.start) == nil
end

-- Der Anfang des Stücks (bis zum Komma davor) um die Byte-Stelle pos.
local function stueck(text, von, pos)
  local anfang = von
  local k = text:find(",", von, true)
  while k and k < pos do
    anfang = k
    k = text:find(",", k + 1, true)
  end
  return anfang, k or #text
end

-- Steht das Verb v in einem Relativ- oder Nebensatz, der das Dokument d
-- nicht enthält ("Das Lichtbild, das ... vorzulegen ist, ist im Reisepass
-- ... darzustellen"; "nimmt den Luftfahrerschein in Verwahrung, bis der
-- Inhaber seine Tauglichkeit nachweist")? Dann gehört es zu anderem.
local EINLEITER = {"das", "der", "die", "dem", "den", "deren", "dessen", "welche", "bis", "wenn",
  "sobald", "sofern", "soweit", "falls", "nachdem", "weil", "dass", "daß", "ob"}
local function fremder_nebensatz(text, von, v, d)
  local anfang, ende = stueck(text, von, v.start)
  if d.start >= anfang and d.start <= ende then
    return false
  end
  local kopf = text:sub(anfang, anfang + 12)
  for _, r in ipairs(EINLEITER) do
    if kopf:find("^,%s*" .. r .. "%s") or kopf:find("^,%s*" .. r .. "[mnrs]%s") then
      return true
    end
  end
  return false
end

-- Der Titel eines zitierten Rechtsakts ("Verordnung (EU) 2016/1191 … zur
-- Vereinfachung der Anforderungen an die Vorlage …") verlangt nichts: Verben
-- darin zählen nicht, bis zum Ende seines Fundorts ("(ABl. L 300 …)").
local TITEL = "\\b(?:Verordnung|Richtlinie|Durchführungsverordnung|Beschlusses)\\s+"
  .. "\\((?:EU|EG|EWG|Euratom)\\)\\s+(?:Nr\\.\\s+)?\\d+/\\d+"

-- Die Pflicht im Teilsatz [von, bis] von s, das Dokument d beizubringen:
-- beibringen, oder geben von einer Partei.
local function pflicht(s, d, von, bis)
  local t = in_teil(s, TITEL, von, bis)
  local t_von, t_bis = t and t.start or bis + 1, bis
  if t then
    local abl = s.text:find("(ABl.", t.stop, true)
    t_bis = abl and s.text:find(")", abl, true) or bis
  end
  for v in s:matches(BEIBRINGEN) do
    if v.start > bis then
      break
    elseif v.start >= von and not (v.start > t_von and v.start < t_bis)
        and not fremder_nebensatz(s.text, von, v, d) then
      return true
    end
  end
  return in_teil(s, GEBEN, von, bis) ~= nil and in_teil(s, PARTEI, von, bis) ~= nil
end

-- Nennt der Satz das Dokument nur: als eines, das nicht nötig ist ("keines
-- Aufenthaltstitels"), mit einer Angabe daraus ("Nummer des
-- Personalausweises"), als eines, das die Partei erhält ("nach Zugang der
-- Bestätigung der Bundesanstalt"), als Quelle von Rechten ("die Rechte aus einem
-- Luftfahrerschein"), als Beweis dessen, was eine Stelle tat ("durch das
-- Zeugnis der ersuchten Behörde"), als Gegenstand eines Verfahrens der
-- Stelle ("Erneuerung der Gemeinschaftslizenz"), als eines, das die Stelle
-- ausgibt ("darf die Genehmigungsurkunde erst ausgehändigt werden") oder die
-- Partei beantragt, oder als eines, das vorliegt oder das man besitzt ("eine
-- behördliche Bestätigung vorliegt", "über einen ... Nachweis verfügt")?
local NICHT_NOETIG = "(?:\\bkein\\w*|\\bdurch\\s+das(?=\\s+Zeugnis)|\\b(?:Nummer|Seriennummer|"
  .. "Kennnummer|Art|Datum|Ausstellungsdatum|Zugang|Eingang|Erhalt|Zustellung|Gültigkeitsdauer|Erteilung|Erneuerung|Verlängerung|Ausstellung|"
  .. "Einziehung|Entziehung|Rücknahme|Widerruf|Erwerb|Inhaber\\w*)\\s+(?:der|des|einer|eines)"
  .. "(?:\\s+[\\w-]+)??|\\bRechte\\w*\\s+aus\\s+(?:dem|einem|der|einer|des|eines))\\s+"
local HAT = {"vorliegt", "vorliegen", "verfügt", "verfügen", "besitzt", "besitzen"}
local AUSGEBEN = "\\b(?:ausgehändigt|auszuhändigen|erteilt|zu\\s+erteilen|ausgestellt|"
  .. "auszustellen|ausgefertigt|auszufertigen|händigt|beantragt|beantragen|zu\\s+beantragen)\\b"
local function nur_genannt(s, d)
  for m in s:matches(NICHT_NOETIG) do
    if m.stop + 1 == d.start then
      return true
    elseif m.start > d.start then
      break
    end
  end
  -- ein Verb des Ausgebens im Stück des Dokuments, keines des Beibringens
  local anfang, ende = stueck(s.text, 1, d.start)
  local aus, bei = false, false
  for m in s:matches(AUSGEBEN) do
    if m.start > ende then
      break
    end
    aus = aus or (m.start >= anfang and (m.start < d.start or m.start > d.stop))
  end
  for m in s:matches(BEIBRINGEN) do
    if m.start > ende then
      break
    end
    bei = bei or m.start >= anfang
  end
  if aus and not bei then
    return true
  end
  -- eines der nächsten vier Wörter sagt, dass es vorliegt oder man es hat
  local n = 0
  for w in s.text:sub(d.stop + 1, d.stop + 80):gmatch("[^%s,;]+") do
    n = n + 1
    if n > 4 then
      break
    end
    for _, v in ipairs(HAT) do
      if w:sub(1, #v) == v then
        return true
      end
    end
  end
  return false
end

-- Gibt eine Stelle selbst: Subjekt am Anfang des Teilsatzes [von, bis],
-- Verb im Aktiv, und sie verlangt es nicht von jemandem?
local function stelle_gibt(s, von, bis)
  local anfang = s.text:find("%S", von) or von
  return beginnt_bei(s, STELLE_GIBT, anfang) and in_teil(s, VERLANGT, von, bis) == nil
end

-- Der Einleitungssatz über dem Listenelement s, der beibringen lässt, oder
-- nil: der seiner Liste, bei verschachtelten Listen der nächste darüber.
local function einleitung(s)
  local l = s.lead_in
  while l and not l:find(EINLEITUNG) do
    l = l.lead_in
  end
  return l
end

-- Benennt ein Listenelement das Dokument? Vor ihm stehen höchstens vier
-- Wörter (ohne die Nummer): "eine Ausfertigung …", "aus allen
-- Personenstandsregistern beglaubigte Registerausdrucke". Steht es weiter
-- hinten, ist es Teil von etwas anderem (eine Angabe, die sich aus dem
-- Messbrief ergibt, ein Vordruck für eine Ausfertigung, Zweifel am
-- angefochtenen Urteil). Ein Bruchstück ohne Liste beginnt klein.
local function benennt(text, pos)
  local n = 0
  for w in text:sub(1, pos - 1):gmatch("%S+") do
    if not (n == 0 and w:find("^%(?%w%w?[%.%)]$")) then
      n = n + 1
    end
  end
  return n <= 4
end

-- Verlangt Satz s das Dokument d (eine Fundstelle in s)?
local function verlangt(s, d)
  local text = s.text
  local von, bis = teil(text, d.start)
  -- erst die Pflicht (die meisten Dokumente stehen in Sätzen ohne eine),
  -- dann, was sie aufhebt
  local ok
  if pflicht(s, d, von, bis) then
    ok = not stelle_gibt(s, von, bis) and not in_teil(s, DURCH_STELLE, von, bis)
  elseif s.parent and LISTE[s.parent.kind] then
    ok = benennt(text, d.start) and einleitung(s) ~= nil
  else
    ok = text:find("^%s*%l") ~= nil and benennt(text, d.start)
  end
  return ok and not s:find(AUSNAHME) and not stelle_empfaengt(s, d, von)
    and not nur_genannt(s, d)
end

return function(draft, report)
  local gemeldet = {}
  for _, id in ipairs{"proof.behoerdendaten", "proof.behoerdendaten-liste"} do
    for _, f in ipairs(draft:findings(id)) do
      gemeldet[f.path] = true
    end
  end
  -- die Suche über den Entwurf findet die Dokumente; gelesen wird im Satz,
  -- mit den Stellen des Satzes: derselbe Text ab der vorigen Stelle, sonst
  -- (ein Zeilenumbruch im Treffer, das Partizip statt des Dokuments) eine
  -- Suche im Satz
  local berichtet = {}
  for _, such in ipairs(SUCHE) do
    local zuletzt, ab = nil, 1
    for m in draft:matches(such[1]) do
      local s = m.unit
      if s ~= zuletzt then
        zuletzt, ab = s, 1
      end
      if not berichtet[s.path] and not gemeldet[s.path] then
        local i = such[1] == such[2] and s.text:find(m.text, ab, true)
        if i then
          ab = i + 1
          if verlangt(s, {start = i, stop = i + #m.text - 1}) then
            berichtet[s.path] = true
            report{at = m}
          end
        else
          for d in s:matches(such[2]) do
            if verlangt(s, d) then
              berichtet[s.path] = true
              report{at = d}
              break
            end
          end
        end
      end
    end
  end
end
