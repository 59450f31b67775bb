-- wrk's side of scripts/generator-cost.sh: ovload's retrieval mix (find 55 : search 25 : grep 10 :
-- glob 10) with the bodies the sdk adapter sends. wrk -s scripts/generator-cost.lua URL -- BODIES KEY
-- BODIES holds one request a line, "operation<TAB>path<TAB>body"; every request is formatted once,
-- in init, so that wrk's own cost per request stays that of its HTTP engine.
local weights = { find = 55, search = 25, grep = 10, glob = 10 }
local slots = {}

function init(args)
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "ovload-sdk",
    ["X-API-Key"] = args[2],
    ["X-OpenViking-Account"] = "default",
    ["X-OpenViking-User"] = "default",
  }
  local requests = {}
  for line in io.lines(args[1]) do
    local operation, path, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    requests[operation] = requests[operation] or {}
    table.insert(requests[operation], wrk.format("POST", path, headers, body))
  end
  -- one slot per unit of weight, each slot cycling through its operation's bodies
  for operation, weight in pairs(weights) do
    local own = requests[operation]
    assert(own, "no " .. operation .. " request in " .. args[1])
    for i = 1, weight do
      table.insert(slots, own[(i - 1) % #own + 1])
    end
  end
  math.randomseed(42)
end

function request()
  return slots[math.random(#slots)]
end
