-- Ein Original, das jemand einer Stelle gibt, schickt oder vorlegt: gelesen
-- nach den Rollen im Satz, nicht nach Wortfenstern.
--
-- Ob eine Ausfertigung, eine Urschrift, ein Original oder eine beglaubigte
-- Abschrift ein Medienbruch ist, hängt daran, wer sie wem gibt. Legt eine
-- Person sie einer Behörde vor, schickt eine Behörde sie einer anderen Stelle
-- oder nimmt eine Stelle sie zu ihren Akten, so wandert Papier zwischen
-- Stellen. Erteilt dagegen ein Gericht den Parteien eine Ausfertigung, gibt
-- es nur aus, was es ausstellt. form.original nähert das mit Fenstern um das
-- Wort an; diese Regel liest den Teilsatz, in dem das Dokument steht:
--
-- 1. die Wörter und ihre Satzzeichen (woerter); 2. das Dokument: ein
--    Original, eine Urschrift, eine beglaubigte Kopie oder die Ausfertigung
--    einer Entscheidung oder Urkunde (dokumente); 3. den Teilsatz um es, den
--    Kommas vor einem Einleitewort und Semikola abgrenzen (teilsatz); 4. das
--    Verb, das es bewegt, verwahrt, verlangt, beschriftet oder mit ihm
--    nachweist, mit Form und Genus verbi (verb, genus); 5. die Nominalgruppen:
--    Subjekt, Empfänger, Urheber eines Passivs, Ort des Verwahrens, jede nach
--    ihrem Kopf öffentlich, privat oder unbekannt (gruppen, rolle); 6. die
--    Entscheidung (entscheide). Einen Listenpunkt liest sie mit der Einleitung (liste).
--
-- Gemeldet wird nur, was form.original in einem Satz nicht schon meldet.
--
-- Der Chunk läuft für jeden Entwurf neu, und jede Lua-Anweisung zählt gegen
-- das Budget der Regel. Die Wortlisten werden deshalb erst zu Tabellen, wenn
-- ein Satz zu lesen ist (bereite), und ein Satz ohne Verb der Liste oder ohne
-- ein Dokument, das eines sein kann, wird vorher mit Mustern verworfen.

-- Die Sätze, die ein Dokument nennen: die billige Suche zuerst.
local DOKUMENT = "\\b(?:Urschrift|Originale?[ns]?\\b|Ausfertigung|beglaubigte)"

-- Was davon ein Dokument sein kann (nennt); "in doppelter Ausfertigung" nicht.
local ECHT = "\\b(?:Urschrift|Originale?[ns]?\\b|vollstreckbare\\w*\\s+Ausfertigung|"
  .. "Ausfertigung\\w*\\W+(?:des|der|eines|einer)\\s|(?:und|oder)\\s+\\w+\\s+Ausfertigung|"
  .. "beglaubigte\\w*\\W+\\w*(?:abschrift|kopie|ablichtung|übersetzung|auszug|auszüge|ausdruck))"

-- Ein elektronisches Dokument als Alternative (auch eines auf einem
-- Datenträger), eine Wahl der einfachen Kopie, ein Verzicht, Archivgut und
-- die Urschriften von Verträgen: dann verlangt der Satz kein Original.
local ALTERNATIVE = "\\belektronisch\\w*\\s+(?:\\w+\\s+){0,2}?(?:Dokument|Aufzeichnung|"
  .. "Abschrift|Kopie|Fassung|Form|Ausfertigung|Zeugnis|Übermittlung|übermittelt|übersandt|"
  .. "übermitteln)|\\bOriginal\\s+oder\\s+(?:in\\s+)?(?:einfache\\w*\\s+)?(?:Kopie|Abschrift)|"
  .. "\\b(?:Abschrift|Kopie)\\s+oder\\s+(?:als\\s+|in\\s+)?(?:eine[rn]?\\s+)?"
  .. "(?:amtlich\\s+|öffentlich\\s+)?beglaubigt|\\bnicht\\s+(?:erforderlich|notwendig)\\b|"
  .. "\\bbedarf\\s+es\\s+nicht\\b|\\bentfällt\\b|\\b(?:Urschrift|Original\\w*|Ausfertigung)\\s+"
  .. "oder\\s+(?:in\\s+|als\\s+)?(?:einfache\\w*\\s+)?(?:Abschrift|Kopie|Ablichtung|Fotokopie)|"
  .. "\\beingescannt\\w*\\s+Original|\\bDatenträger|\\bArchivgut|\\bRatifikationsurkunde|"
  .. "\\bUrschrift\\w*\\s+(?:dieses|des|der)\\s+(?:\\w+\\s+)?(?:Vertrag\\w*|Staatsvertrag\\w*|"
  .. "Abkommens|Übereinkommens)\\b"

-- Ein elektronischer Weg, bis das Original nachgereicht ist, ersetzt es nicht.
local NACHGEREICHT = "\\b(?:Originale?[ns]?|Urschrift\\w*)\\b[^.;]{0,80}?\\b(?:nachzureichen|"
  .. "nachgereicht|nachträglich)\\b"

-- Die Verben, die ein Dokument bewegen oder verwahren (VERBEN unten), als
-- ein Muster: ein Satz ohne eines davon ist schnell verworfen.
local BEWEGT = "\\b(?:vorzu(?:zeigen|legen|weisen)|vorgelegt|vorgewiesen|vorlegen|"
  .. "leg(?:t|e|en|te|ten|n|tn)?|einzureichen|eingereicht|einreichen|"
  .. "reich(?:e|en|t|et|n|nt|ent)?|beizufügen|beigefügt|beifügen|füg(?:e|en|t|et|n|nt|ent)?|"
  .. "beizubringen|beigebracht|nachzureichen|nachgereicht|hinterleg(?:t|en)|abzuliefern|"
  .. "abgeliefert|abzugeben|abgegeben|gibt|geben|übersend(?:e|en|et|n|t)?|übersandt|"
  .. "übermittel[nt]|zuzuleiten|weiterzuleiten|zuzusenden|zugeleitet|weitergeleitet|zugesandt|"
  .. "leite[nt]?|sende[nt]|übergibt|übergeben|zurückzugeben|zurückgegeben|zurückzusenden|"
  .. "zurückgesandt|erteil(?:t|en)|auszuhändigen|zuzustellen|auszustellen|"
  .. "ausgehändigt|zugestellt|ausgestellt|händig(?:t|n|et|en)|erhält|erhalten|empfängt|"
  .. "aufzubewahren|zurückzubehalten|mitzuführen|aufbewahrt|zurückbehalten|mitgeführt|"
  .. "aufbewahren|bewahr[ent]|verwahr(?:n|t|en)|verbleib(?:n|t|en)|vermerk(?:t|en)|liefer[nt]|"
  .. "verlang(?:t|en)|anzufordern|angefordert|fordert)\\b"

-- Die Verben eines Nachweises zählen nur mit einem Mittel (MITTEL, mittel).
local BEWIESEN = "\\b(?:geführt|führen|erbracht|erbringen|nachzuweisen|nachgewiesen|nachweisen|"
  .. "nach(?=[.,;]))"
local MITTEL = "\\b(?:durch|anhand|mittels)\\s"
local HILFSVERB = "\\b(?:ist|sind|wird|werden|hat|haben|kann|können|muss|müssen|soll|sollen)\\b"

-- Wortlisten ----------------------------------------------------------------

-- Die Tabellen, nach denen gelesen wird; bereite füllt sie.
local EINLEITER, BESCHREIBEND, PRAEPOSITION, ARTIKEL, HABEN, SEIN, MODAL, GEZAEHLT
local VERBEN, OEFFENTLICH, PRIVAT, WEIBLICH, TITEL, KOPIEN, EINFACH
local PRAEP, VERSCHMOLZEN, DEMONSTRATIV, ROLLE_DER_PRAEP, EINLEITUNGEN

local function menge(woerter)
  local m = {}
  for _, w in ipairs(woerter) do
    m[w] = true
  end
  return m
end

-- VERBEN: Wortform → Liste von {richtung, form, partikel}, in der Folge der
-- Zeilen.
local function verben(zeilen)
  local v = {}
  for _, z in ipairs(zeilen) do
    for k = 4, #z do
      v[z[k]] = v[z[k]] or {}
      table.insert(v[z[k]], {z[1], z[2], z[3] or nil})
    end
  end
  return v
end

-- Die Wörter, die Teilsätze gliedern.
local function satzwoerter()
  -- Wörter, mit denen ein Nebensatz beginnt
  EINLEITER = menge{"dass", "daß", "wenn", "soweit", "sofern", "falls", "ob", "weil", "nachdem",
    "bevor", "sobald", "solange", "wobei", "indem", "damit", "obwohl", "als", "bis", "deren",
    "dessen", "denen", "welche", "welcher", "welches", "welchem", "welchen", "wer", "was"}
  -- Einleitewörter von Relativ- und Temporalsätzen: sie beschreiben, wer
  -- oder wann ("die Stelle, welche die Urschrift verwahrt", "solange die
  -- Urschrift nicht abgesandt ist"), und verlangen nichts
  BESCHREIBEND = menge{"der", "die", "das", "dem", "den", "dessen", "deren", "denen", "welche",
    "welcher", "welches", "welchem", "welchen", "solange", "bevor", "nachdem", "sobald", "bis",
    "als"}
  PRAEPOSITION = menge{"an", "auf", "aus", "bei", "in", "mit", "nach", "von", "vor", "zu", "über",
    "für", "durch", "gegen", "unter"}
  ARTIKEL = menge{"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem",
    "einen", "eines"}
  HABEN = menge{"hat", "haben", "hatte", "hatten"}
  MODAL = menge{"kann", "können", "muss", "müssen", "muß", "soll", "sollen", "darf", "dürfen",
    "liegt", "liegen", "besteht", "bestehen"}
  SEIN = menge{"ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "worden",
    "bleibt"}
  -- eine Ausfertigung, die gezählt wird, ist ein Exemplar ("zweite
  -- Ausfertigung", "in doppelter Ausfertigung")
  GEZAEHLT = menge{"erste", "zweite", "dritte", "vierte", "weitere", "andere", "doppelter"}
end

-- Die Verben, die ein Dokument bewegen.
local function verbwoerter()
  -- Die Verben nach ihrer Richtung: "hin" gibt einer Stelle, "weiter"
  -- jemandem, "aus" gibt aus, was die Stelle ausstellt, "erhalten" nimmt an,
  -- "behalten" und "vermerken" verwahren oder beschriften,
  -- "verlangen" fordert an, "beweis" weist nach. Jede
  -- Zeile: Richtung, Form ("fin" finit, "part" Partizip, "inf" Infinitiv, "zu"
  -- zu-Infinitiv), die Partikel trennbarer Verben am Ende des Teilsatzes
  -- ("legt ... vor") und die Wortformen; eine Form in mehreren Zeilen gilt in
  -- deren Folge.
  VERBEN = verben{
    {"hin", "zu", false, "vorzuzeigen", "vorzulegen", "einzureichen", "beizufügen",
      "beizubringen", "nachzureichen", "vorzuweisen", "abzuliefern", "abzugeben", "zurückzugeben"},
    {"hin", "part", false, "vorgelegt", "eingereicht", "beigefügt", "beigebracht",
      "nachgereicht", "hinterlegt", "vorgewiesen", "abgeliefert", "abgegeben", "zurückgegeben"},
    {"hin", "inf", false, "vorlegen", "einreichen", "beifügen", "hinterlegen"},
    {"hin", "fin", false, "liefert", "liefern"},
    {"hin", "fin", "vor", "leg", "legt", "lege", "legen", "legte", "legten", "legn", "legtn"},
    {"hin", "fin", "ein", "reich", "reiche", "reichen", "reicht", "reichet", "reichn", "reichnt",
      "reichent"},
    {"hin", "fin", "nach", "reich", "reiche", "reichen", "reicht", "reichet", "reichn", "reichnt",
      "reichent"},
    {"hin", "fin", "bei", "füg", "füge", "fügen", "fügt", "füget", "fügn", "fügnt", "fügent"},
    {"weiter", "fin", "ab", "gibt", "geben"},
    {"weiter", "fin", false, "übersend", "übersende", "übersenden", "übersendet", "übersendn",
      "übersendt", "übermitteln", "übermittelt", "übergibt"},
    {"weiter", "part", false, "übersandt", "zugeleitet", "weitergeleitet", "zugesandt",
      "zurückgesandt"},
    {"weiter", "zu", false, "zuzuleiten", "weiterzuleiten", "zuzusenden", "zurückzusenden"},
    {"weiter", "fin", "zu", "leite", "leiten", "leitet", "senden", "sendet"},
    {"weiter", "fin", "weiter", "leite", "leiten", "leitet"},
    {"weiter", "fin", "zurück", "senden", "sendet"},
    {"weiter", "inf", false, "übergeben"},
    {"hin", "fin", "zurück", "gibt"},
    {"weiter", "fin", false, "gibt"},
    {"aus", "fin", false, "erteilt", "erteilen"},
    {"aus", "zu", false, "auszuhändigen", "zuzustellen", "auszustellen"},
    {"aus", "part", false, "ausgehändigt", "zugestellt", "ausgestellt"},
    {"aus", "fin", "aus", "händigt", "händign", "händiget", "händigen"},
    {"erhalten", "fin", false, "erhält", "erhalten", "empfängt"},
    {"behalten", "zu", false, "aufzubewahren", "zurückzubehalten", "mitzuführen"},
    {"behalten", "part", false, "aufbewahrt", "zurückbehalten", "mitgeführt"},
    {"behalten", "inf", false, "aufbewahren"},
    {"behalten", "fin", "auf", "bewahre", "bewahrn", "bewahrt"},
    {"behalten", "fin", false, "verwahrn", "verwahrt", "verwahren", "verbleibn", "verbleibt",
      "verbleiben"},
    {"vermerken", "fin", false, "vermerkt", "vermerken"},
    {"verlangen", "fin", false, "verlangt", "verlangen"},
    {"verlangen", "zu", false, "anzufordern"},
    {"verlangen", "part", false, "angefordert"},
    {"verlangen", "fin", "an", "fordert"},
    {"beweis", "part", false, "geführt", "erbracht", "nachgewiesen"},
    {"beweis", "inf", false, "führen", "erbringen", "nachweisen"},
    {"beweis", "zu", false, "nachzuweisen"},
    {"beweis", "fin", "nach", "weist"},
  }
end

-- Die Wörter der Beteiligten und Dokumente.
local function rollenwoerter()
  -- Köpfe öffentlicher Stellen und privater Parteien, am Wortende, auch in
  -- zusammengesetzten Wörtern ("Hauptzollamt", "Fahrzeughalter")
  OEFFENTLICH = {"behörde", "amt", "ämter", "amtes", "amts", "gericht", "gerichts", "gerichte",
    "gerichten", "stelle", "anstalt", "kammer", "kasse", "kassen", "ministerium", "ministeriums",
    "anwaltschaft", "vollzieher", "notar", "notare", "notarin", "beamte", "beamten", "register",
    "präsident", "präsidenten", "polizei", "verwaltung", "agentur", "bundesbank", "kommission",
    "ausschuss", "ausschusses", "ausschuß", "berufsgenossenschaft", "direktion",
    "versicherungsträger", "leistungsträger", "sozialhilfeträger", "vertretung", "gemeinde",
    "landesregierung", "bundesregierung", "konsul", "standesbeamte", "prüfungsausschuss",
    "zentrale", "zentralstelle", "regierung", "staat", "staates", "staaten"}
  PRIVAT = {"antragsteller", "antragstellerin", "antragstellers", "bewerber", "bewerberin",
    "inhaber", "inhaberin", "betreiber", "versender", "unternehmer", "unternehmen", "partei",
    "parteien", "beteiligte", "beteiligten", "schuldner", "gläubiger", "gläubigers", "erbe",
    "erben", "prüfling", "prüflinge", "anmelder", "anmelderin", "kläger", "beklagte", "beklagten",
    "antragsgegner", "berechtigte", "berechtigten", "verpflichtete", "hersteller", "arbeitgeber",
    "arbeitnehmer", "eigentümer", "halter", "absender", "empfänger", "einführer", "ausführer",
    "erzeuger", "pflichtige", "pflichtigen", "betroffene", "betroffenen", "teilnehmer",
    "bevollmächtigte", "bevollmächtigten", "vertreter", "person", "personen", "gesellschaft",
    "vorstand", "geschäftsführer", "ehegatte", "ehegatten", "kandidat", "kandidaten", "bieter",
    "spediteur", "beförderer", "frachtführer", "verwender", "abnehmer", "käufer", "verkäufer",
    "mieter", "vermieter", "lieferant", "händler", "züchter"}
  -- weibliche Köpfe: mit "der" stehen sie im Dativ (oder Genitiv),
  -- männliche im Nominativ
  WEIBLICH = {"behörde", "stelle", "kammer", "kasse", "anstalt", "schaft", "ung", "partei",
    "polizei", "agentur", "kommission", "person", "direktion", "gemeinde", "regierung",
    "vertretung", "zentrale", "in", "gesellschaft"}
  -- die Entscheidungen, Urkunden und Zeugnisse, deren Ausfertigung ein
  -- Original ist; die eines Berichts, Protokolls oder Formblatts ist ein
  -- Exemplar auf Papier (paper-or-post)
  TITEL = {"urteil", "beschluss", "beschluß", "beschlusses", "beschlüsse", "entscheidung",
    "urkunde", "vergleich", "schiedsspruch", "titel", "vollstreckungsbescheid", "bescheid",
    "bescheides", "bescheids", "zeugnis", "zeugnisse", "zeugnisses", "erbschein", "erbscheins",
    "verfügung", "urteils", "vergleichs", "titels", "bestätigung", "vertrag", "vertrages",
    "vertrags"}
  -- beglaubigte Kopien aller Art, und die einfachen, die eine Wahl lassen
  KOPIEN = {"abschrift", "kopie", "ablichtung", "übersetzung", "auszug", "auszüge", "ausdruck"}
  EINFACH = {"kopie", "abschrift", "ablichtung"}

  -- Präpositionen, die eine Rolle tragen, auch mit dem Artikel verschmolzen;
  -- "dieser Behörde" hat den Fall von "der Behörde"
  PRAEP = {an = "an", von = "von", durch = "durch", bei = "bei", zu = "zu", vom = "von",
    beim = "bei", zum = "zu", zur = "zu"}
  VERSCHMOLZEN = {vom = true, beim = true, zum = true, zur = true}
  DEMONSTRATIV = {dieser = "der", diese = "die", dieses = "das", diesem = "dem", diesen = "den",
    jeder = "der", jedem = "dem"}
  ROLLE_DER_PRAEP = {an = "empfaenger", zu = "empfaenger", von = "urheber", durch = "urheber",
    bei = "ort"}
end

-- Die Wörter, nach denen gelesen wird, einmal je Entwurf.
local function bereite()
  if not VERBEN then
    satzwoerter()
    verbwoerter()
    rollenwoerter()
  end
end

-- Endet l auf eines der Wörter der Liste?
local function endet(l, woerter)
  for _, k in ipairs(woerter) do
    if #l >= #k and l:sub(-#k) == k then
      return true
    end
  end
  return false
end

-- Enthält l eines der Wörter der Liste?
local function enthaelt(l, woerter)
  for _, k in ipairs(woerter) do
    if l:find(k, 1, true) then
      return true
    end
  end
  return false
end

-- Wörter des Satzes ---------------------------------------------------------

-- Kleinschrift auch der Umlaute am Wortanfang ("Übersendung", "Ärztekammer").
local function klein(w)
  w = w:lower()
  if w:find("\195[\132\150\156]") then
    w = w:gsub("\195\132", "ä"):gsub("\195\150", "ö"):gsub("\195\156", "ü")
  end
  return w
end

-- Groß geschrieben: ein Nomen (oder der Satzanfang).
local function gross(w)
  local b = w:byte(1)
  if b == 195 then
    local c = w:byte(2)
    return c == 132 or c == 150 or c == 156
  end
  return b ~= nil and b >= 65 and b <= 90
end

-- Die Wörter von text: {w = Wort, l = klein, grenze = Satzzeichen danach}.
-- Anführungszeichen und Klammern fallen weg; Punkte stehen im Satz nur hinter
-- Abkürzungen ("Abs.", "Nr.") und grenzen nichts ab.
local function woerter(text)
  local ws = {}
  for roh in text:gmatch("%S+") do
    local w, grenze = roh, nil
    if roh:find("[%p\226]") then
      w = roh:gsub("^[%(%[\"']+", ""):gsub("^\226\128[\156-\158]", "")
      grenze = w:match("([,;:])[%)%]\"'.]*$") or (w:find("\226\128[\156\157]$") and "")
      w = w:gsub("\226\128[\156-\158]", ""):gsub("[%p]+$", "")
    end
    if w ~= "" then
      ws[#ws + 1] = {w = w, l = klein(w), grenze = grenze}
    elseif grenze and #ws > 0 then
      ws[#ws].grenze = grenze
    end
  end
  return ws
end

-- Dokument ------------------------------------------------------------------

-- Die Ausfertigung bei Wort i ist ein Original, wenn sie vollstreckbar ist
-- oder die einer Entscheidung, Urkunde oder eines Zeugnisses, und nicht
-- gezählt.
local function ausfertigung(ws, i)
  local vor = ws[i - 1] and ws[i - 1].l or ""
  if vor:find("^vollstreckbare") then
    return true
  end
  -- neben ihrer Entscheidung ("auf dem Urteil und den Ausfertigungen")
  local und = ws[i - 2] and ws[i - 2].l
  if ARTIKEL[vor] and (und == "und" or und == "oder") and ws[i - 3]
      and (endet(ws[i - 3].l, TITEL) or ws[i - 3].l:find("^urschrift")) then
    return true
  end
  if GEZAEHLT[vor:gsub("[nr]$", "")] or GEZAEHLT[vor] or vor:find("fache[rn]?$") then
    return false
  end
  local a = ws[i + 1] and ws[i + 1].l or ""
  if not (a == "des" or a == "der" or a == "eines" or a == "einer") then
    return false
  end
  for k = i + 2, math.min(i + 4, #ws) do
    if gross(ws[k].w) then
      return endet(ws[k].l, TITEL)
    end
  end
  return false
end

-- Steht das Dokument bei Wort i im Genitiv einer einfachen Kopie ("eine
-- Kopie der ihm vorliegenden Ausfertigung")?
local function kopie_von(ws, i)
  for k = i - 1, math.max(1, i - 4), -1 do
    if gross(ws[k].w) then
      return enthaelt(ws[k].l, EINFACH) and k < i - 1 and ARTIKEL[ws[k + 1].l] ~= nil
        and not (ws[k - 1] and ws[k - 1].l:find("^beglaubigt"))
    end
  end
  return false
end

-- Ist das Dokument nur der Maßstab einer Wiedergabe oder ihres Ersatzes ("zur
-- Ersetzung der Urschrift", "eine mit der Urschrift übereinstimmende
-- Wiedergabe"), oder zur Zustellung an die Parteien bestimmt ("auf den zur
-- Zustellung bestimmten Ausfertigungen"), so gibt die Stelle es aus.
local function ersatz(ws, i)
  local nach = ws[i + 1] and ws[i + 1].l or ""
  if nach:find("^übereinstimm") then
    return true
  end
  for k = i - 1, math.max(1, i - 4), -1 do
    local l = ws[k].l
    if l:find("^ersetzung") or l:find("^zustellung") or l:find("^zuzustellend") then
      return true
    end
    if gross(ws[k].w) then
      return false
    end
  end
  return false
end

-- Nennt Wort i ein Dokument? Die Vorsilbe zuerst, weil fast jedes Wort
-- keines nennt.
local function nennt(ws, i)
  local l = ws[i].l
  local vier = l:sub(1, 4)
  if vier == "ursc" then
    return l:find("^urschrift[en]*$") ~= nil
  elseif vier == "orig" then
    return l:find("^originale?[ns]?$") ~= nil
  elseif vier == "ausf" then
    return l:find("^ausfertigung") ~= nil and ausfertigung(ws, i)
  elseif vier == "begl" then
    return l:find("^beglaubigte") ~= nil and ws[i + 1] ~= nil and enthaelt(ws[i + 1].l, KOPIEN)
  end
  return false
end

-- Die Wörter, die ein Dokument nennen, aber kein Original eines Werks oder
-- Programms, kein elektronisches, keine Kopie davon und keinen Ersatz.
local function dokumente(ws)
  local treffer = {}
  for i = 1, #ws do
    if nennt(ws, i) then
      local vor = ws[i - 1] and ws[i - 1].l or ""
      local nach = ws[i + 1] and ws[i + 1].l or ""
      local nach2 = ws[i + 2] and ws[i + 2].l or ""
      -- der Maßstab eines Vergleichs ("wie die Urschrift") wird nicht bewegt
      local wie = vor == "wie" or (ARTIKEL[vor] and ws[i - 2] and ws[i - 2].l == "wie")
      if not (nach == "eines" and (nach2:find("werk") or nach2:find("programm"))) and not wie
          and not vor:find("elektronisch") and not kopie_von(ws, i) and not ersatz(ws, i) then
        treffer[#treffer + 1] = i
      end
    end
  end
  return treffer
end

-- Teilt die Kopie bei Wort k das Attribut der beglaubigten davor ("eine
-- beglaubigte Abschrift oder Ablichtung")? Dann ist sie keine Wahl.
local function geteilt(ws, k)
  return k > 3 and ws[k - 1].l == "oder" and not ws[k - 2].grenze
    and enthaelt(ws[k - 2].l, KOPIEN) and ws[k - 3].l:find("^beglaubigt") ~= nil
end

-- Eine einfache Kopie neben dem Dokument bei Wort i ("Urschriften,
-- Ablichtungen oder beglaubigte Abschriften", "in Urschrift oder Abschrift")
-- lässt die Wahl: dann verlangt der Satz kein Original.
local function wahl(ws, i)
  local oder = false
  for k = math.max(1, i - 6), math.min(#ws, i + 6) do
    local l = ws[k].l
    oder = oder or l == "oder"
    if k ~= i and gross(ws[k].w) and enthaelt(l, EINFACH) and not (ws[k - 1]
        and (ws[k - 1].l:find("^beglaubigt") or ws[k - 1].l:find("^amtlich")))
        and not geteilt(ws, k) then
      if oder or (ws[k + 1] and ws[k + 1].l == "oder") then
        return true
      end
    end
  end
  return false
end

-- Teilsatz ------------------------------------------------------------------

-- Beginnt bei Wort i ein Nebensatz? Ein Artikel hinter dem Komma ist ein
-- Relativpronomen, wenn ihm keine Nominalgruppe folgt ("die Stelle, der die
-- Behörde ..."; nicht "dem Antragsteller, der Behörde und ...").
local function nebensatz(ws, i)
  local t = ws[i]
  if not t then
    return false
  end
  if EINLEITER[t.l] then
    return true
  end
  if ARTIKEL[t.l] and not t.l:find("^ein") then
    for j = i + 1, math.min(i + 4, #ws) do
      if gross(ws[j].w) then
        return false
      end
      if not ws[j].l:find("e[nmrs]?$") then
        return true
      end
    end
    return true
  end
  -- ein Relativpronomen hinter einer Präposition ("in dessen Bezirk")
  local n = ws[i + 1] and ws[i + 1].l or ""
  if PRAEPOSITION[t.l] and (n == "dessen" or n == "deren" or n == "denen" or n:find("^welche")) then
    return true
  end
  -- "um ... zu", "ohne ... zu": ein Infinitiv mit eigenem Subjekt
  return t.l == "um" or t.l == "ohne" or t.l == "statt"
end

-- Das Wort, das den Nebensatz bei Wort i einleitet (hinter einer Präposition
-- das Relativpronomen).
local function einleiter(ws, i)
  return PRAEPOSITION[ws[i].l] and ws[i + 1] and ws[i + 1].l or ws[i].l
end

-- Endet das Stück ab Wort i (bis zum nächsten Satzzeichen) auf einen
-- zu-Infinitiv eines der Verben ("..., eine Übersetzung vorzulegen")?
local function infinitiv(ws, i)
  if i > #ws then
    return false
  end
  local j = i
  while j < #ws and not ws[j].grenze do
    j = j + 1
  end
  if ws[j - 1] and ws[j - 1].l == "zu" and VERBEN[ws[j].l] then
    return true
  end
  for _, v in ipairs(VERBEN[ws[j].l] or {}) do
    if v[2] == "zu" then
      return true
    end
  end
  return false
end

-- Die Teilsätze: jedes Wort bekommt die Nummer seines Teilsatzes, jeder
-- Nebensatz sein Einleitewort. Ein Komma vor einem Einleitewort beginnt einen
-- Nebensatz; der endet mit seinem Verb, und endet ein Stück auf ein Nomen,
-- setzt das nächste ihn fort ("wenn der Schuldner, der Gläubiger oder der
-- Dritte es beantragt"). Ein Stück ohne Einleitewort gehört zum Hauptsatz,
-- auch hinter einem eingeschobenen Relativsatz; ein Stück, das auf einen
-- zu-Infinitiv endet, ist ein Infinitivsatz, wenn der Hauptsatz kein "hat"
-- oder "ist" hat, das ihn regiert ("kann der Person aufgeben, Übersetzungen
-- vorzulegen": wer vorlegt, ist nicht das Amt). Semikolon und Doppelpunkt
-- beginnen einen neuen Hauptsatz.
local function teilsaetze(ws)
  local nr, art, haupt, neu = {}, {}, 0, 0
  local jetzt, hilfsverb = haupt, false
  if nebensatz(ws, 1) then
    neu, jetzt, art[1] = 1, 1, einleiter(ws, 1)
  elseif HABEN[ws[1].l] or SEIN[ws[1].l] or MODAL[ws[1].l] then
    -- ein Satz, der mit dem finiten Verb beginnt, beginnt mit einem
    -- Bedingungssatz ("Wird das Mandat durch Telefax übermittelt, ist das
    -- Original nachzureichen")
    neu, jetzt, art[1] = 1, 1, "wenn"
  end
  for j = 1, #ws do
    nr[j] = jetzt
    hilfsverb = hilfsverb or (jetzt == haupt and (HABEN[ws[j].l] or SEIN[ws[j].l]) ~= nil)
    local g = ws[j].grenze
    if g == ";" or g == ":" then
      neu = neu + 1
      haupt = neu
      jetzt, hilfsverb = haupt, false
    elseif g == "," and jetzt == haupt and ws[j + 1] and ws[j + 1].l == "so" then
      -- "Einigen sich die Beteiligten, so hat ...": das Vorangehende war ein
      -- Bedingungssatz ohne Einleitewort
      neu = neu + 1
      for k = j, 1, -1 do
        if nr[k] == haupt then
          nr[k] = neu
        end
      end
      art[neu] = "wenn"
    elseif g == "," then
      local fort = jetzt ~= haupt and gross(ws[j].w)
      if nebensatz(ws, j + 1) then
        if not fort then
          neu = neu + 1
          jetzt, art[neu] = neu, einleiter(ws, j + 1)
        end
      elseif not fort and not hilfsverb and infinitiv(ws, j + 1) then
        neu = neu + 1
        jetzt, art[neu] = neu, "zu"
      elseif not fort then
        jetzt = haupt
      end
    end
  end
  return nr, art
end

-- Die Wörter des Teilsatzes um Wort i, in ihrer Folge, und die Stelle von i
-- darin; nil im Relativ- oder Temporalsatz. Teilsätze: einmal je Satz.
local function teilsatz(ws, i)
  if not ws.nr then
    ws.nr, ws.art = teilsaetze(ws)
  end
  local nr, art = ws.nr, ws.art
  if BESCHREIBEND[art[nr[i]] or ""] then
    return nil
  end
  local teil, stelle = {}, nil
  for j = 1, #ws do
    if nr[j] == nr[i] then
      teil[#teil + 1] = ws[j]
      if j == i then
        stelle = #teil
      end
    end
  end
  return teil, stelle
end

-- Verb ----------------------------------------------------------------------

-- Die Form eines Verbs: ein Infinitiv hinter "zu" ist ein zu-Infinitiv ("zu
-- übersenden").
local function verbform(ws, j, form)
  if form == "inf" or form == "fin" then
    if ws[j - 1] and ws[j - 1].l == "zu" and ws[j].l:find("en$") then
      return "zu"
    end
  end
  return form
end

-- Das Verb des Teilsatzes ws, das dem Dokument bei Wort i am nächsten steht:
-- {at = Wort, richtung, form}, oder nil. Verben sind klein geschrieben.
local function verb(ws, i)
  local best, abstand = nil, math.huge
  for j = 1, #ws do
    local eintraege = not gross(ws[j].w) and VERBEN[ws[j].l]
    for _, v in ipairs(eintraege or {}) do
      if not v[3] or ws[#ws].l == v[3] then
        local d = math.abs(j - i)
        if d < abstand then
          best, abstand = {at = j, richtung = v[1], form = verbform(ws, j, v[2])}, d
        end
        break
      end
    end
  end
  return best
end

-- Genus verbi: "aktiv", wenn das Subjekt gibt ("übersendet", "hat ... zu
-- übersenden"); "passiv" bei "ist ... zu übersenden", "wird ... übersandt".
local function genus(ws, v)
  -- "übermittelt", "erteilt" sind finit oder Partizip: das Hilfsverb
  -- entscheidet
  local partizip = v.form == "part" or (v.form == "fin" and ws[v.at].l:find("t$"))
  if not partizip and v.form == "fin" then
    return "aktiv"
  end
  for j = 1, #ws do
    if HABEN[ws[j].l] then
      return "aktiv"
    elseif SEIN[ws[j].l] then
      return "passiv"
    end
  end
  if v.form == "fin" then
    return "aktiv"
  end
  -- ein Infinitiv ohne Hilfsverb hängt an einem Verb des Obersatzes
  -- ("aufzufordern, eine Ausfertigung vorzulegen"): wer gibt, bleibt offen
  return v.form == "part" and "passiv" or "offen"
end

-- Rollen --------------------------------------------------------------------

-- Die Rolle eines Kopfes: "öffentlich", "privat" oder nil. Öffentlich zuerst:
-- "Leistungsträger" ist keine Partei.
local function rolle(l)
  if l:find("^bundes") or l:find("^landes") or endet(l, OEFFENTLICH) then
    return "öffentlich"
  elseif endet(l, PRIVAT) or l:find("pflichtige[nr]?$") or l:find("berechtigte[nr]?$") then
    return "privat"
  end
  return nil
end

-- Der Kopf der Nominalgruppe ab Wort j: das erste groß geschriebene Wort nach
-- Artikel und Adjektiven, höchstens vier Wörter weiter; oder nil; hinter einem
-- erweiterten Attribut ("die das Kataster führende Behörde") das Nomen.
local function kopf(ws, j)
  if ws[j] and ARTIKEL[ws[j].l] then
    for k = j + 2, math.min(j + 6, #ws - 1) do
      if ws[k].grenze then
        break
      elseif ws[k].l:find("nde[nr]?$") and not gross(ws[k].w) and gross(ws[k + 1].w) then
        return k + 1
      end
    end
  end
  for k = j, math.min(j + 4, #ws) do
    if gross(ws[k].w) then
      return k
    end
    if ws[k].grenze and k > j then
      return nil
    end
  end
  return nil
end

-- Der Fall einer Gruppe ohne Präposition nach ihrem Artikel a (bei Wort j)
-- und Kopf kl. "des" ist Genitiv, "der" hinter einem Nomen auch ("der Antrag
-- der Partei", "der Urkundsbeamte der Geschäftsstelle"); nur hinter dem
-- Subjekt, das dem Verb folgt ("übersendet das Gericht der Behörde"), ist
-- "der" vor einem weiblichen Kopf Dativ.
local function fall(ws, j, a, kl, subjektkopf)
  if a == "des" or a == "eines" then
    return nil
  end
  local davor = ws[j - 1]
  if (a == "der" or a == "einer") and davor and gross(davor.w) and j - 1 ~= subjektkopf then
    return nil
  end
  if a == "dem" or a == "einem" or a == "den"
      or ((a == "der" or a == "einer") and endet(kl, WEIBLICH)) then
    return "empfaenger"
  end
  return "subjekt"
end

-- Die Rollen im Teilsatz ws: subjekt (Nominativ), empfaenger (Dativ, "an" +
-- Akkusativ, "zu" dem/der), urheber ("von", "durch"), ort ("bei", "zu den
-- Akten"), jede "öffentlich", "privat" oder nil. Die Gruppe des Dokuments
-- (Kopf bei Wort doc) hat keine.
local function gruppen(ws, doc, richtung)
  local r, subjektkopf = {}, nil
  local j = 1
  while j <= #ws do
    local praep = PRAEP[ws[j].l]
    if praep and not VERSCHMOLZEN[ws[j].l] and j < #ws then
      j = j + 1
    end
    local a = DEMONSTRATIV[ws[j].l] or ws[j].l
    -- eine Präposition vor einem Nomen ohne Artikel bildet eine feste
    -- Wendung ("an Stelle", "von Amts wegen"), keine Beteiligten
    local k = nil
    if ARTIKEL[a] or (praep and VERSCHMOLZEN[a]) then
      k = kopf(ws, j + 1)
    end
    if (a == "ihm" or a == "ihnen") and richtung ~= "hin" then
      -- wem eine Stelle etwas gibt, ist fast immer eine Person; "ihm" vor
      -- "beizufügen" ist der Antrag
      r.empfaenger = r.empfaenger or "privat"
    elseif k and k ~= doc then
      local kl = ws[k].l
      local wer = rolle(kl)
      local als = nil
      if praep == "zu" and kl:find("akten?$") then
        wer, als = "öffentlich", "ort"
      elseif wer and praep then
        als = ROLLE_DER_PRAEP[praep]
      elseif wer and ARTIKEL[a] then
        als = fall(ws, j, a, kl, subjektkopf)
        if als == "subjekt" and ws[j - 1] and not gross(ws[j - 1].w) then
          subjektkopf = k
        end
      end
      if als then
        r[als] = r[als] or wer
      end
      j = k
    end
    j = j + 1
  end
  return r
end

-- Ist das Dokument bei Wort i (oder die Gruppe, mit der es verbunden ist) das
-- Mittel eines Nachweises ("durch ... eine beglaubigte Abschrift geführt")?
local function mittel(ws, i)
  for k = i - 1, math.max(1, i - 7), -1 do
    local l = ws[k].l
    if l == "durch" or l == "anhand" or l == "mittels" then
      return true
    elseif ws[k].grenze or (VERBEN[l] and not gross(ws[k].w)) then
      return false
    end
  end
  return false
end

-- Entscheidung --------------------------------------------------------------

-- Verlangt der Satz das Original: gibt es eine private Partei, geht es an eine
-- öffentliche Stelle, oder verwahrt oder beschriftet man es? Eine Stelle, die
-- einer Partei gibt (oder ausgibt, was sie ausstellt), verlangt nichts.
local function entscheide(v, g, r, bedingung)
  if v.richtung == "behalten" or v.richtung == "vermerken" then
    return true
  elseif v.richtung == "erhalten" then
    return r.subjekt == "öffentlich"
  elseif v.richtung == "verlangen" then
    -- ein Passiv ohne Urheber verlangt meist eine Partei von der Stelle
    return (g == "passiv" and r.urheber or r.subjekt) == "öffentlich"
  elseif v.richtung == "beweis" then
    return bedingung
  end
  -- wer aushändigt, erteilt oder zustellt, gibt aus, was er ausstellt, auch
  -- ein Unternehmer seinen Vertrag: nur an eine Stelle zählt das; "bei"
  -- nennt dort den Ort, nicht den Empfänger
  if v.richtung == "aus" then
    return r.empfaenger == "öffentlich"
  elseif r.ort == "öffentlich" then
    return true
  end
  local geber = g == "aktiv" and r.subjekt or (g == "passiv" and r.urheber) or nil
  if geber == "privat" or r.empfaenger == "öffentlich" then
    return true
  end
  -- vorlegen, einreichen, beifügen ohne Beteiligte: an eine Stelle
  return v.richtung == "hin" and geber == nil and r.empfaenger == nil
end

-- Der Befund zum Dokument bei Wort d der Wörter alle: {treffer, doc, verb, v,
-- genus, rollen}, oder nil.
local function lies_dokument(alle, d)
  if wahl(alle, d) then
    return nil
  end
  local ws, i = teilsatz(alle, d)
  if not ws then
    return nil
  end
  local k = ws[i].l:find("^beglaubigte") and i + 1 or i
  local v = verb(ws, i)
  if not v then
    return nil
  end
  local g = genus(ws, v)
  local r = gruppen(ws, k, v.richtung)
  return {treffer = entscheide(v, g, r, v.richtung == "beweis" and mittel(ws, i)), doc = ws[k].w,
    verb = ws[v.at].w, v = v, genus = g, rollen = r}
end

-- Der Befund zum Text (hinter seiner Einleitung, wenn er ein Listenpunkt ist):
-- der erste Treffer unter seinen Dokumenten, sonst der erste Befund, oder nil.
local function lies_text(text, einleitung)
  bereite()
  local alle, ab = woerter(text), 0
  if einleitung then
    ab = #einleitung
    table.move(alle, 1, #alle, ab + 1)
    table.move(einleitung, 1, ab, 1, alle)
  end
  local befund = nil
  for _, d in ipairs(dokumente(alle)) do
    local b = d > ab and lies_dokument(alle, d)
    if b and b.treffer then
      return b
    end
    befund = befund or b
  end
  return befund
end

-- Der Befund zu Satz s, oder nil.
local function lies(s)
  if not s:find(ECHT) or not (s:find(BEWEGT) or (s:find(BEWIESEN) and s:find(MITTEL)))
      or (s:find(ALTERNATIVE) and not s:find(NACHGEREICHT)) then
    return nil
  end
  return lies_text(s.text)
end

-- Die Wörter des Einleitesatzes der Liste in a, einmal je Liste (sein
-- Doppelpunkt trennt nicht), oder false, wenn er kein Verb der Liste hat.
local function einleitung(a)
  local key = tostring(a)
  if EINLEITUNGEN[key] == nil then
    local ws, da = woerter(a.text:match("^[^\n]*")), false
    for _, w in ipairs(ws) do
      da = da or (VERBEN[w.l] ~= nil and not gross(w.w))
      w.grenze = w.grenze ~= ":" and w.grenze or nil
    end
    EINLEITUNGEN[key] = da and ws
  end
  return EINLEITUNGEN[key]
end

-- Ein Listenpunkt, der seinen Einleitesatz fortsetzt (klein beginnend oder eine
-- Nominalgruppe ohne Hilfsverb: "Dem Antrag sind beizufügen: 1. eine ...").
local function liste(s)
  local n = s.parent
  local a = n and (n.kind == "nummer" or n.kind == "buchstabe") and n.parent
  if not a or not s:find(ECHT) or s:find(ALTERNATIVE) then
    return nil
  end
  bereite()
  local erstes = s.text:match("^%S*")
  if gross(erstes) and not (ARTIKEL[klein(erstes)] and not s:find(HILFSVERB)) then
    return nil
  end
  local ein = einleitung(a)
  return ein and lies_text(s.text, ein)
end

-- Wer wem: die Worte der Meldung, zuerst was die Richtung allein sagt.
local VERWAHRT = "wird hier verwahrt oder beschriftet"
local WIE = {behalten = VERWAHRT, vermerken = VERWAHRT, verlangen = "verlangt hier eine Stelle",
  beweis = "dient hier als Nachweis"}

local function meldung(b)
  local r = b.rollen
  local wie = WIE[b.v.richtung]
  local an = b.v.richtung == "erhalten" or r.empfaenger == "öffentlich" or r.ort == "öffentlich"
  if not wie and ((r.subjekt == "privat" and b.genus == "aktiv") or r.urheber == "privat") then
    wie = "gibt hier eine Partei aus der Hand"
  end
  wie = wie or (an and "geht hier an eine öffentliche Stelle") or "ist hier einer Stelle vorzulegen"
  return "Ein Original oder eine beglaubigte Abschrift " .. wie .. " („" .. b.doc .. "“, „"
    .. b.verb .. "“). Das Papier muss übergeben, geprüft und verwahrt werden."
end

return function(draft, report)
  EINLEITUNGEN = {}
  local gemeldet = {}
  for _, f in ipairs(draft:findings("form.original")) do
    gemeldet[f.path] = true
  end
  local zuletzt = nil
  for m in draft:matches(DOKUMENT) do
    local s = m.unit
    if s ~= zuletzt then
      zuletzt = s
      local b = not gemeldet[s.path] and (lies(s) or liste(s))
      if b and b.treffer then
        report{at = m, message = meldung(b)}
      end
    end
  end
end
