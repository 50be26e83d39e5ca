-- Deadlines in working days and in (calendar) days in one draft: each one
-- is reported, at the deadline, with the count of the other kind.
return function(draft, report)
  local werktage, tage = {}, {}
  for m in draft:matches("\\b\\d+\\s+(Werk|Kalender)?tage[n]?\\b") do
    if m[1] and m[1]:lower() == "werk" then
      werktage[#werktage + 1] = m
    else
      tage[#tage + 1] = m
    end
  end
  if #werktage == 0 or #tage == 0 then
    return
  end
  for _, m in ipairs(werktage) do
    report{at = m, message = "Frist in Werktagen; " .. #tage .. " Frist(en) in Tagen, zuerst "
           .. tage[1].path .. "."}
  end
end
