// Reading one argument of a message liblo decoded. OSC packs arguments on 4-byte boundaries while
// liblo's lo_arg union holds 8-byte members, so an argument may sit misaligned for lo_arg: reading
// `arg->f` or taking `&arg->s` through such a pointer is undefined behaviour. These copy the bytes out.
#pragma once

#include <cstdint>
#include <cstring>

#include <lo/lo.h>

namespace stillpoint::remote {

template <typename T>
T oscValue(const lo_arg* argument) {
    T value;
    std::memcpy(&value, reinterpret_cast<const unsigned char*>(argument), sizeof value);
    return value;
}
inline std::int32_t oscInt(const lo_arg* argument) {
    return oscValue<std::int32_t>(argument);
}
inline float oscFloat(const lo_arg* argument) {
    return oscValue<float>(argument);
}
inline double oscDouble(const lo_arg* argument) {
    return oscValue<double>(argument);
}
inline std::int64_t oscInt64(const lo_arg* argument) {
    return oscValue<std::int64_t>(argument);
}
// An OSC string: NUL-terminated, where the argument starts.
inline const char* oscString(const lo_arg* argument) {
    return reinterpret_cast<const char*>(argument);
}

}  // namespace stillpoint::remote
