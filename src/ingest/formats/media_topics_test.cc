#include "ingest/formats/media_topics.h"

#include <gtest/gtest.h>

namespace broadsheet::ingest {
namespace {

TEST(MediaTopicsTest, AcceptsQcodeBareAndUriForms) {
    for (const char* code : {"medtop:20000350", "20000350", " medtop:20000350 ",
                             "http://cv.iptc.org/newscodes/mediatopic/20000350",
                             "https://cv.iptc.org/newscodes/mediatopic/20000350"}) {
        EXPECT_EQ(MediaTopicName(code), "central bank") << code;
        EXPECT_EQ(MediaTopicDigits(code), "20000350") << code;
    }
}

TEST(MediaTopicsTest, NamesTheTopLevelTopics) {
    EXPECT_EQ(MediaTopicName("medtop:01000000"), "arts, culture, entertainment and media");
    EXPECT_EQ(MediaTopicName("medtop:15000000"), "sport");
    EXPECT_EQ(MediaTopicName("medtop:17000000"), "weather");
    for (int i = 1; i <= 17; ++i) {
        std::string code = (i < 10 ? "0" : "") + std::to_string(i) + "000000";
        EXPECT_TRUE(MediaTopicName(code)) << code;
    }
}

TEST(MediaTopicsTest, UnknownOrMalformedCodesHaveNoName) {
    for (const char* code : {"", "medtop:", "medtop:2000035", "medtop:200003500", "subj:04000000",
                             "medtop:2000035x", "http://cv.iptc.org/newscodes/subjectcode/04000000",
                             "medtop:99999999", "MEDTOP:20000350"}) {
        EXPECT_FALSE(MediaTopicName(code)) << code;
    }
    EXPECT_FALSE(MediaTopicDigits("subj:04000000"));
}

}  // namespace
}  // namespace broadsheet::ingest
