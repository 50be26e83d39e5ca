-- Reports the document when it has more than three sentences.
return function(draft, report)
  local n = 0
  for _ in draft:units("satz") do
    n = n + 1
  end
  if n > 3 then
    report{message = n .. " Sätze"}
  end
end
