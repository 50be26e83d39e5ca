return function(draft, report) end
