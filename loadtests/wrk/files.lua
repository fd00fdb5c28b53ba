-- GET a list of files round-robin (the "1000 small files" workload). WRK_FILE_LIST names a file
-- with one URL path per line; requests are formatted once per thread, not per request.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")

local requests_by_index = {}
local next_index = 0
local common_init = init

-- Formatted in init, not at load time: wrk adds the Host header to wrk.headers only after the
-- script has loaded, and a request without Host is a 400.
function init(args)
  common_init(args)
  for path in io.lines(os.getenv("WRK_FILE_LIST")) do
    requests_by_index[#requests_by_index + 1] = wrk.format("GET", path)
  end
end

function request()
  next_index = next_index % #requests_by_index + 1
  return requests_by_index[next_index]
end
