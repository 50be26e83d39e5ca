-- Reports every deadline counted in days, with its length and unit.
return function(draft, report)
  for m in draft:matches("\\bbinnen\\s+(\\d+)\\s+(Werk)?tagen\\b") do
    local einheit = m[2] and "Werktagen" or "Tagen"
    report{at = m, message = "Eine Frist von " .. m[1] .. " " .. einheit .. "."}
  end
end
