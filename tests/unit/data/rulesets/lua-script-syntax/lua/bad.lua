-- a rule with a missing "then"
return function(draft, report)
  for u in draft:units("satz") do
    if u.text:find("Frist")
      report{at = u}
    end
  end
end
