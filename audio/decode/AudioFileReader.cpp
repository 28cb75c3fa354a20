#include "audio/decode/AudioFileReader.h"
