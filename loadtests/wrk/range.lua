-- GET a 1 KB range at a random offset of the URL's file (WRK_FILE_SIZE bytes long); expects 206.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")

local size = tonumber(os.getenv("WRK_FILE_SIZE"))
local range_bytes = 1000

function request()
  local first = math.random(0, size - range_bytes)
  return wrk.format(nil, nil, { ["Range"] = "bytes=" .. first .. "-" .. (first + range_bytes - 1) })
end
